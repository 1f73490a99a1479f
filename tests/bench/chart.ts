/** A small dependency-free SVG of horizontal bar charts, one panel per measurement. */
export interface Panel {
  title: string
  bars: [label: string, value: number][]
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function renderSummarySvg(heading: string, panels: Panel[]): string {
  const width = 720
  const labelWidth = 150
  const barMax = width - labelWidth - 110
  const rowHeight = 26
  let y = 48
  const parts: string[] = [`<text x="16" y="28" font-size="18" font-weight="700">${escape(heading)}</text>`]
  for (const panel of panels) {
    parts.push(`<text x="16" y="${y + 14}" font-size="14" font-weight="600">${escape(panel.title)}</text>`)
    y += 24
    const max = Math.max(...panel.bars.map(([, v]) => v), 1e-9)
    for (const [label, value] of panel.bars) {
      const w = Math.max(2, Math.round((value / max) * barMax))
      parts.push(
        `<text x="24" y="${y + 16}" font-size="13" fill="#374151">${escape(label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="18" rx="3" fill="#1d4ed8"/>`,
        `<text x="${labelWidth + w + 8}" y="${y + 16}" font-size="13" fill="#111827">${value >= 100 ? value.toFixed(0) : value.toFixed(1)}</text>`,
      )
      y += rowHeight
    }
    y += 14
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 8}" font-family="Helvetica, Arial, sans-serif"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>\n`
}
