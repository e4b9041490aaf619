//go:build !edition_en

package backup

import (
	"context"
	"fmt"
)

// START reconcile OMIT
// Reconcile 让一个 Backup 对象收敛到期望状态：按调度表达式算出下次执行时间，
// 写入状态，并要求控制器在那一刻再次调用自己。
func (r *BackupReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	var backup Backup
	if err := r.Get(ctx, req.NamespacedName, &backup); err != nil {
		return Result{}, IgnoreNotFound(err) // 对象已删除：无需处理，优雅退出
	}
	// 根据 backup.Spec.Schedule 计算下次执行时间（Cron 表达式解析）
	sched, err := ParseStandard(backup.Spec.Schedule)
	if err != nil {
		return Result{}, fmt.Errorf("reconcile %s: %w", req.NamespacedName, err)
	}
	now := r.now()
	nextTime := sched.Next(now)
	if nextTime.IsZero() {
		return Result{}, fmt.Errorf("reconcile %s: schedule %q never fires", req.NamespacedName, backup.Spec.Schedule)
	}
	// 更新 Status.LastScheduledTime 字段：只写状态子资源，不动用户的 Spec
	backup.Status.LastScheduledTime = &nextTime
	return Result{RequeueAfter: nextTime.Sub(now)}, r.Status().Update(ctx, &backup)
}

// END reconcile OMIT
