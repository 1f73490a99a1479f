import React from 'react'
import { Box, Text } from '@adminjs/design-system'
import type { CycleColumn, PricingValue } from './catalog-shared'

/**
 * The pricing table itself: rows are currencies, columns billing cycles; each cell holds the price
 * and, under it, the setup fee, typed as decimals ("12.50"). An empty price = not offered. Used by
 * product and addon forms, the Prices action and each option choice. `errors` are keyed by path
 * (`<prefix>.USD.MONTHLY.amount`).
 */
export interface PricingGridProps {
  value: PricingValue
  currencies: string[]
  cycles: CycleColumn[]
  readOnly?: boolean
  errors?: Record<string, string>
  /** the path prefix of this table's errors and test ids */
  prefix?: string
  onChange?: (currency: string, cycle: string, field: 'amount' | 'setupFee', text: string) => void
  /** what an empty cell means, in words (products: not offered; option choices: free) */
  emptyMeaning?: string
}

const cellInput: React.CSSProperties = {
  width: '100%',
  boxSizing: 'border-box',
  padding: '6px 8px',
  fontSize: 13,
  border: '1px solid #c9cfe0',
  borderRadius: 4,
  textAlign: 'right',
  fontVariantNumeric: 'tabular-nums',
}
const feeInput: React.CSSProperties = {
  ...cellInput,
  marginTop: 4,
  fontSize: 12,
  padding: '4px 8px',
  color: '#454655',
  background: '#fafbfd',
}
const bad: React.CSSProperties = { borderColor: '#c20012', background: '#fff5f5' }
const th: React.CSSProperties = {
  textAlign: 'left',
  fontSize: 12,
  fontWeight: 600,
  color: '#454655',
  padding: '6px 6px',
  borderBottom: '1px solid #e0e3ef',
  whiteSpace: 'nowrap',
}
const td: React.CSSProperties = {
  padding: '6px',
  verticalAlign: 'top',
  borderBottom: '1px solid #f0f1f7',
  minWidth: 96,
}

const PricingGrid: React.FC<PricingGridProps> = ({
  value,
  currencies,
  cycles,
  readOnly,
  errors = {},
  prefix = 'pricing',
  onChange,
  emptyMeaning = 'not offered',
}) => {
  // Priced currencies first (the server sends the default currency first), then the other active ones.
  const rows = [...new Set([...Object.keys(value ?? {}), ...currencies])]
  const messages = Object.entries(errors)
  const anyPrice = rows.some((c) => cycles.some(({ cycle }) => (value?.[c]?.[cycle]?.amount ?? '') !== ''))
  return (
    <Box data-testid={`pricing-grid-${prefix}`}>
      <Box style={{ overflowX: 'auto' }}>
        <table style={{ borderCollapse: 'collapse', width: '100%' }}>
          <thead>
            <tr>
              <th style={th}>Currency</th>
              {cycles.map(({ cycle, label }) => (
                <th key={cycle} style={{ ...th, textAlign: 'right' }}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((currency) => (
              <tr key={currency}>
                <td style={{ ...td, minWidth: 60, fontWeight: 600, paddingTop: 12 }}>{currency}</td>
                {cycles.map(({ cycle, label }) => {
                  const cell = value?.[currency]?.[cycle] ?? {}
                  const amountPath = `${prefix}.${currency}.${cycle}.amount`
                  const feePath = `${prefix}.${currency}.${cycle}.setupFee`
                  if (readOnly) {
                    return (
                      <td
                        key={cycle}
                        style={{ ...td, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}
                        data-testid={`price-${currency}-${cycle}`}
                      >
                        {cell.amount ? (
                          <>
                            <Text as="span">{cell.amount}</Text>
                            {cell.setupFee ? (
                              <Text fontSize="sm" color="grey60">
                                + {cell.setupFee} setup
                              </Text>
                            ) : null}
                          </>
                        ) : (
                          <Text as="span" color="grey40">
                            —
                          </Text>
                        )}
                      </td>
                    )
                  }
                  return (
                    <td key={cycle} style={td}>
                      <input
                        aria-label={`${currency} ${label} price`}
                        name={amountPath}
                        inputMode="decimal"
                        placeholder="—"
                        value={cell.amount ?? ''}
                        title={errors[amountPath] ?? `${label} price in ${currency}; empty = ${emptyMeaning}`}
                        style={errors[amountPath] ? { ...cellInput, ...bad } : cellInput}
                        onChange={(e) => onChange?.(currency, cycle, 'amount', e.target.value)}
                      />
                      <input
                        aria-label={`${currency} ${label} setup fee`}
                        name={feePath}
                        inputMode="decimal"
                        placeholder="setup"
                        value={cell.setupFee ?? ''}
                        title={errors[feePath] ?? `One-time setup fee for ${label} in ${currency}`}
                        style={errors[feePath] ? { ...feeInput, ...bad } : feeInput}
                        onChange={(e) => onChange?.(currency, cycle, 'setupFee', e.target.value)}
                      />
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Box>
      {messages.length > 0 && (
        <Box mt="default" data-testid={`pricing-errors-${prefix}`}>
          {messages.map(([path, message]) => {
            const [, currency, cycle, field] = path.slice(prefix.length).split('.')
            const label = cycles.find((c) => c.cycle === cycle)?.label ?? cycle
            return (
              <Text key={path} color="error" fontSize="sm">
                {currency && cycle
                  ? `${currency} · ${label}${field === 'setupFee' ? ' setup fee' : ''}: `
                  : ''}
                {message}
              </Text>
            )
          })}
        </Box>
      )}
      {!readOnly && (
        <Text fontSize="sm" color="grey60" mt="sm">
          Top: price per cycle. Below: optional one-time setup fee. Decimals with a point, e.g. 12.50. Empty ={' '}
          {emptyMeaning}.
        </Text>
      )}
      {readOnly && !anyPrice && (
        <Text color="grey60" mt="sm">
          No prices yet.
        </Text>
      )}
    </Box>
  )
}

export default PricingGrid
