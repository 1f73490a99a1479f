import React from 'react'
import { Box, H5, Text } from '@adminjs/design-system'
import type { Chart } from '../pages/reports'

/**
 * A bar chart in plain SVG (like the dashboard's payments chart): bar heights come per-mille from
 * the server (bigint math there), the formatted amount on hover and under the bar.
 */
const ReportChart: React.FC<{ chart: Chart; testId?: string }> = ({ chart, testId }) => {
  const width = 1000
  const height = 220
  const top = 16
  const bottom = 44
  const left = 8
  const plot = height - top - bottom
  const n = Math.max(chart.bars.length, 1)
  const step = (width - left * 2) / n
  const bar = Math.max(4, Math.min(60, step * 0.7))
  const labelEvery = Math.ceil(n / 12)
  return (
    <Box variant="card" p="lg" m="8px" data-testid={testId}>
      <H5 mb="sm">{chart.title}</H5>
      {chart.bars.length === 0 ? (
        <Text color="grey60">Nothing in this period.</Text>
      ) : (
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          role="img"
          aria-label={chart.title}
          style={{ display: 'block' }}
        >
          <line
            x1={left}
            x2={width - left}
            y1={top + plot}
            y2={top + plot}
            stroke="#c0c4d6"
            strokeWidth={1}
          />
          {chart.bars.map((b, i) => {
            const hgt = (b.height / 1000) * plot
            const x = left + i * step + (step - bar) / 2
            return (
              <g key={`${b.label}-${i}`}>
                <rect x={left + i * step} y={top} width={step} height={plot} fill="transparent">
                  <title>{`${b.label}: ${b.value}`}</title>
                </rect>
                <rect
                  x={x}
                  y={top + plot - hgt}
                  width={bar}
                  height={Math.max(hgt, b.height > 0 ? 1 : 0)}
                  rx={2}
                  fill="#5a91a8"
                  pointerEvents="none"
                />
                {i % labelEvery === 0 && (
                  <text
                    x={left + i * step + step / 2}
                    y={height - 24}
                    fontSize={11}
                    fill="#6b7087"
                    textAnchor="middle"
                  >
                    {b.label.length > 18 ? `${b.label.slice(0, 17)}…` : b.label}
                  </text>
                )}
                {i % labelEvery === 0 && (
                  <text
                    x={left + i * step + step / 2}
                    y={height - 8}
                    fontSize={11}
                    fill="#454655"
                    textAnchor="middle"
                  >
                    {b.value}
                  </text>
                )}
              </g>
            )
          })}
        </svg>
      )}
    </Box>
  )
}

export default ReportChart
