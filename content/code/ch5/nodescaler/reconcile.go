//go:build !edition_en

package nodescaler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// START reconcile OMIT
// 真实生产案例：阿里云ACK节点池自动扩缩容控制器核心逻辑（以标准库改写）
func (c *NodeScaler) reconcile(ctx context.Context, pool *NodePool) error {
	// 使用sync.Pool复用HTTP client连接池，避免高频创建销毁
	client := c.httpClientPool.Get().(*http.Client)
	defer c.httpClientPool.Put(client)

	// 原生支持context超时控制，保障控制器不阻塞主循环
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		fmt.Sprintf("%s?Action=DescribeInstanceTypes&InstanceTypeFamily=%s", c.endpoint, url.QueryEscape(pool.Spec.Family)), nil)
	if err != nil {
		return fmt.Errorf("reconcile %s: %w", pool.Name, err)
	}

	resp, err := client.Do(req)
	if errors.Is(err, context.DeadlineExceeded) {
		c.timeouts.Add(1) // 上报指标（生产环境中上报至OpenTelemetry后端）
		return nil        // 主动放弃本次轮询，保障系统稳定性
	}
	if err != nil {
		return fmt.Errorf("reconcile %s: %w", pool.Name, err)
	}
	return c.record(pool, resp) // 后续处理：解析实例规格列表
}

// END reconcile OMIT
