//go:build edition_en

package roi

// START calc OMIT
// Annual net benefit = (ops headcount saved + value of a shorter MTTR) - (migration cost + Go training)
func calcROI(migrationCost, training, savedOpsFTE, mttrReductionMin float64) float64 {
	opsValue := savedOpsFTE * 120000              // yearly cost of one FTE
	incidentValue := mttrReductionMin * 2000 / 60 // estimated loss per minute of outage
	return opsValue + incidentValue - migrationCost - training
}

// END calc OMIT
