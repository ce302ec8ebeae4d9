import { describe, expect, it } from 'vitest'
import { asksForRefresh, formatSnippet, splitFix, withoutRefreshCommand } from './fix-text'

const codes = (fix: string) =>
  splitFix(fix)
    .filter((part) => part.kind === 'code')
    .map((part) => part.text)

describe('fix text', () => {
  it('finds coolwsd.xml snippets and Docker flags', () => {
    const fix =
      'Add this host: -e aliasgroup1=http://10.0.0.2:17890 (Docker; more hosts: aliasgroup2=...), or in coolwsd.xml <storage><wopi><alias_groups mode="groups"><group><host desc="WOPI Desk" allow="true">http://10.0.0.2:17890</host></group></alias_groups></wopi></storage>; then restart Collabora.'
    expect(codes(fix)).toEqual([
      '-e aliasgroup1=http://10.0.0.2:17890',
      '<storage><wopi><alias_groups mode="groups"><group><host desc="WOPI Desk" allow="true">http://10.0.0.2:17890</host></group></alias_groups></wopi></storage>',
    ])
  })

  it('finds nginx directives and blocks', () => {
    expect(codes('Make the proxy send it (nginx: proxy_set_header X-Forwarded-Proto $scheme;), then refresh.')).toEqual([
      'proxy_set_header X-Forwarded-Proto $scheme;',
    ])
    expect(codes('nginx: location ~ ^/cool/(.*)/ws$ { proxy_pass http://c:9980; proxy_read_timeout 36000s; }')).toEqual([
      'location ~ ^/cool/(.*)/ws$ { proxy_pass http://c:9980; proxy_read_timeout 36000s; }',
    ])
  })

  it('finds commands and stops at the end of the sentence, not at the dots of an address', () => {
    expect(codes('Listen on the network: wopi-desk serve --bind 0.0.0.0 --public-url http://192.168.1.20:17890. Then retry.')).toEqual([
      'wopi-desk serve --bind 0.0.0.0 --public-url http://192.168.1.20:17890',
    ])
  })

  it('keeps prose as prose and loses no character', () => {
    const fix = 'Start the editor, and check the proxy forwards to its internal address.'
    expect(splitFix(fix)).toEqual([{ kind: 'text', text: fix }])
    const mixed = 'Set -e server_name=docs.example.com (Docker) or <server_name>docs.example.com</server_name> in coolwsd.xml; restart.'
    expect(
      splitFix(mixed)
        .map((part) => part.text)
        .join(''),
    ).toBe(mixed)
  })

  it('offers the catalog refresh as a button and drops the command from the text', () => {
    expect(asksForRefresh('Refresh the catalog: wopi-desk discovery refresh ep1 --data <data folder>.', 'ep1')).toBe(true)
    expect(asksForRefresh('Refresh the catalog.', null)).toBe(false)
    expect(withoutRefreshCommand('Refresh the catalog: wopi-desk discovery refresh ep1 --data <data folder>.')).toBe('Refresh the catalog.')
    expect(withoutRefreshCommand('restart it, then refresh the catalog (wopi-desk discovery refresh ep1).')).toBe(
      'restart it, then refresh the catalog.',
    )
    expect(withoutRefreshCommand('Refresh the catalog: wopi-desk discovery refresh ep1; if it persists, check server_name.')).toBe(
      'Refresh the catalog; if it persists, check server_name.',
    )
  })

  it('lays an nginx block out one directive per line, and leaves other snippets as they are', () => {
    expect(formatSnippet('location ~ ^/cool/(.*)/ws$ { proxy_pass http://c:9980; proxy_read_timeout 36000s; }')).toBe(
      'location ~ ^/cool/(.*)/ws$ {\n  proxy_pass http://c:9980;\n  proxy_read_timeout 36000s;\n}',
    )
    expect(formatSnippet('proxy_set_header Host $host;')).toBe('proxy_set_header Host $host;')
  })
})
