import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as fontkit from 'fontkit'

export interface PdfFonts {
  regular: Buffer
  bold: Buffer
  /** whether both faces have a glyph for this code point */
  canDraw(codePoint: number): boolean
}

let loaded: PdfFonts | undefined

/**
 * DejaVu Sans, regular and bold, from the `dejavu-fonts-ttf` package (read once per process; pdfkit
 * embeds only the glyphs an invoice uses). It covers Latin with every European accent, Greek and
 * Cyrillic, which the standard PDF fonts (WinAnsi only) do not. Decision 0016.
 */
export function loadPdfFonts(): PdfFonts {
  if (loaded) return loaded
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf')
  const regular = readFileSync(join(dir, 'DejaVuSans.ttf'))
  const bold = readFileSync(join(dir, 'DejaVuSans-Bold.ttf'))
  const faces = [regular, bold]
    .map((bytes) => fontkit.create(bytes))
    .map((f) => ('fonts' in f ? f.fonts[0]! : f))
  const known = new Map<number, boolean>()
  loaded = {
    regular,
    bold,
    canDraw(codePoint) {
      let answer = known.get(codePoint)
      if (answer === undefined) {
        answer = faces.every((face) => face.hasGlyphForCodePoint(codePoint))
        known.set(codePoint, answer)
      }
      return answer
    },
  }
  return loaded
}
