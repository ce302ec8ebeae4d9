import { describe, expect, it } from 'vitest'
import { sniffImage } from './image-sniff'
import { icoFile, PNG_1x1, SVG_ICON } from './test-support/discovery-docs'

describe('sniffImage identifies icons by their bytes', () => {
  it.each([
    ['PNG', PNG_1x1, 'png'],
    ['ICO', icoFile(), 'ico'],
    ['SVG', SVG_ICON, 'svg'],
    [
      'SVG with a public DOCTYPE and a comment',
      Buffer.from(
        '<!-- x --><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>',
      ),
      'svg',
    ],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'gif'],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), 'jpeg'],
  ] as const)('%s', (_label, bytes, kind) => {
    expect(sniffImage(bytes)).toBe(kind)
  })

  it.each([
    ['an HTML page named .png', Buffer.from('<!DOCTYPE html><html><body>hi</body></html>')],
    [
      'an SVG with an entity bomb',
      Buffer.from('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'),
    ],
    ['a truncated SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect')],
    ['XML that is not SVG', Buffer.from('<?xml version="1.0"?><wopi-discovery/>')],
    ['a PNG signature without IHDR', Buffer.concat([PNG_1x1.subarray(0, 8), Buffer.alloc(20)])],
    ['an ICO whose image lies outside the file', icoFile().subarray(0, 30)],
    ['a cursor (type 2) file', Buffer.concat([Buffer.from([0, 0, 2, 0]), icoFile().subarray(4)])],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_label, bytes) => {
    expect(sniffImage(bytes)).toBeNull()
  })
})
