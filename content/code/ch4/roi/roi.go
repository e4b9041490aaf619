// Package roi holds the architect's ROI formula of chapter 4 for a migration
// to Go: annual benefit = (operations staff saved + value of a shorter MTTR)
// - (migration cost + Go training).
//
// The Chinese edition of the report shows region "calc" of this file; the
// English edition shows the same code with English comments from roi_en.go,
// which is not compiled (edition_test.go keeps them in step).
package roi

// START calc OMIT
// 年化总收益 = (运维人力节省 + 故障MTTR缩短价值) - (迁移成本 + Go培训投入)
func calcROI(migrationCost, training, savedOpsFTE, mttrReductionMin float64) float64 {
	opsValue := savedOpsFTE * 120000              // FTE年均成本
	incidentValue := mttrReductionMin * 2000 / 60 // 每分钟故障损失估值
	return opsValue + incidentValue - migrationCost - training
}

// END calc OMIT
