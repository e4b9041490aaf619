//go:build !edition_en

package roi

// START calc OMIT
// 年化总收益 = (运维人力节省 + 故障MTTR缩短价值) - (迁移成本 + Go培训投入)
func calcROI(migrationCost, training, savedOpsFTE, mttrReductionMin float64) float64 {
	opsValue := savedOpsFTE * 120000              // FTE年均成本
	incidentValue := mttrReductionMin * 2000 / 60 // 每分钟故障损失估值
	return opsValue + incidentValue - migrationCost - training
}

// END calc OMIT
