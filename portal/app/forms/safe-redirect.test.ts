import { describe, expect, it } from 'vitest'
import { safeRedirect } from './safe-redirect'

describe('safeRedirect', () => {
  it('keeps paths on this site', () => {
    expect(safeRedirect('/account')).toBe('/account')
    expect(safeRedirect('/account?tab=email#x')).toBe('/account?tab=email#x')
  })

  it('falls back for anything that could leave the site or is not a path', () => {
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/ok\\..',
      'javascript:alert(1)',
      'account',
      '',
      null,
      undefined,
      42,
      '/\nLocation: x',
      '/logout',
    ]) {
      expect(safeRedirect(bad), String(bad)).toBe('/')
    }
    expect(safeRedirect('//evil', '/home')).toBe('/home')
  })
})
