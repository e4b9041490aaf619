//go:build ignore

// The English edition's copy of region "calc" of roi.go: the same
// code with English comments. It is not compiled; edition_test.go checks
// that its code matches roi.go token for token.

package roi

// START calc OMIT
// Annual net benefit = (ops headcount saved + value of a shorter MTTR) - (migration cost + Go training)
func calcROI(migrationCost, training, savedOpsFTE, mttrReductionMin float64) float64 {
	opsValue := savedOpsFTE * 120000              // yearly cost of one FTE
	incidentValue := mttrReductionMin * 2000 / 60 // estimated loss per minute of outage
	return opsValue + incidentValue - migrationCost - training
}

// END calc OMIT
