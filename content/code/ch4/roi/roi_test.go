package roi

import "testing"

func TestCalcROI(t *testing.T) {
	tests := []struct {
		migrationCost, training, savedOpsFTE, mttrReductionMin float64
		want                                                   float64
	}{
		{0, 0, 0, 0, 0},
		{0, 0, 1, 0, 120000},             // one FTE freed
		{0, 0, 0, 60, 2000},              // 60 minutes × 2000 / 60
		{500000, 50000, 5, 120, 54000},   // 600000 + 4000 - 550000
		{900000, 100000, 2, 30, -759000}, // a migration that does not pay off in a year
		{300000, 20000, 3.5, 45, 101500}, // 420000 + 1500 - 320000
	}
	for _, tt := range tests {
		got := calcROI(tt.migrationCost, tt.training, tt.savedOpsFTE, tt.mttrReductionMin)
		if got != tt.want {
			t.Errorf("calcROI(%v, %v, %v, %v) = %v; want %v",
				tt.migrationCost, tt.training, tt.savedOpsFTE, tt.mttrReductionMin, got, tt.want)
		}
	}
}
