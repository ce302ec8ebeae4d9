import { describe, expect, it } from 'vitest'
import type { HostPageData } from '../../contract/host-page'
import { escapeHtml, jsonForScript, renderHostPage } from './render-host-page'

describe('renderHostPage', () => {
  const data = { sessionId: 's', fileName: 'a.txt', appName: 'App' } as HostPageData

  it('puts the session block and the token form before </body>, once', () => {
    const html = renderHostPage('<html><head><title>x</title></head><body><div id="root"></div></body></html>', data, {
      actionUrl: 'https://editor.test/edit?a=1&wopisrc=x',
      accessToken: 'tok"en',
      accessTokenTtl: 1700000000000,
    })
    expect(html).toMatch(/<div id="root"><\/div><script type="application\/json" id="session">.*<\/form>\n<\/body><\/html>$/s)
    expect(html).toContain('action="https://editor.test/edit?a=1&#38;wopisrc=x"')
    expect(html).toContain('<input type="hidden" name="access_token" value="tok&#34;en">')
    expect(html).toContain('<input type="hidden" name="access_token_ttl" value="1700000000000">')
    expect(html).toContain('<title>a.txt – App</title>')
  })

  it('writes JSON that cannot close its script element', () => {
    const text = jsonForScript({ name: '</script><script>alert(1)</script>', other: '<!-- & \u2028' })
    expect(text).not.toMatch(/[<>&\u2028]/)
    expect(JSON.parse(text)).toEqual({ name: '</script><script>alert(1)</script>', other: '<!-- & \u2028' })
  })

  it("keeps a file name with $' $$ $& $` in the title as it is (no String.replace patterns)", () => {
    const template = '<html><head><title>x</title></head><body></body></html>'
    for (const fileName of ["a$'b.txt", 'price $$.txt', '$&-$`.md', '$1$<name>.csv']) {
      const html = renderHostPage(
        template,
        { ...data, fileName },
        { actionUrl: 'https://editor.test/e', accessToken: 't', accessTokenTtl: 1 },
      )
      expect(html).toContain(`<title>${escapeHtml(fileName)} – App</title>`)
      expect(html.match(/<title>/g)).toHaveLength(1)
    }
  })
})
