import utf7 from 'utf7'
import { describe, expect, it } from 'vitest'
import {
  appendOrReplaceQueryParameter,
  encodeUtf7DotNet,
  getQueryParameterValue,
  httpUtilityUrlDecode,
  httpUtilityUrlEncode,
  urlKeyValueEncode,
} from './dotnet-encoding'

describe('encodeUtf7DotNet (System.Text.UTF7Encoding)', () => {
  it.each([
    // the names the validator sends, and spec section 7's vectors
    ['madeup_name.wopitestx', 'madeup+AF8-name.wopitestx'],
    ['madeup_renamed', 'madeup+AF8-renamed'],
    ['ValidatorTestFileRenamed', 'ValidatorTestFileRenamed'],
    ['.wopitestx', '.wopitestx'],
    ['madeup_name.docx', 'madeup+AF8-name.docx'],
    ['Résumé.docx', 'R+AOk-sum+AOk-.docx'],
    ['报告.docx', '+YqVUSg-.docx'],
    ['a+b.docx', 'a+-b.docx'],
    ['plain.docx', 'plain.docx'],
    // .NET always closes a Base64 run with '-', also at the end of the string
    ['x_', 'x+AF8-'],
    // optional direct characters (!"#$%&*;<=>@[]^_`{|}) are encoded by .NET's default encoder
    ['a!b', 'a+ACE-b'],
    ['__', '+AF8AXw-'],
    ['😀', '+2D3eAA-'],
  ])('%s -> %s', (input, expected) => {
    expect(encodeUtf7DotNet(input)).toBe(expected)
  })

  it('round-trips through an independent RFC 2152 decoder', () => {
    for (const text of ['madeup_name.wopitestx', 'Ünïcödé ñame_(1).docx', 'a+b+c', '~/tmp\\x', '日本語 テキスト.xlsx', 'mix😀ed_']) {
      expect(utf7.decode(encodeUtf7DotNet(text))).toBe(text)
    }
  })
})

describe('query-string helpers of the validator', () => {
  it('UrlKeyValueEncode keeps only ASCII letters and digits', () => {
    expect(urlKeyValueEncode('ab-C_9.~ é+/=')).toBe('ab%2DC%5F9%2E%7E%20%C3%A9%2B%2F%3D')
  })

  it('HttpUtility.UrlEncode / UrlDecode', () => {
    expect(httpUtilityUrlEncode('a b+c/é_-.!*()')).toBe('a+b%2bc%2f%c3%a9_-.!*()')
    expect(httpUtilityUrlDecode('a+b%2Bc%2f%C3%A9%zz')).toBe('a b+c/é%zz')
  })

  it('GetQueryParameterValue finds ?name= or &name=, decodes, and tells empty from absent', () => {
    expect(getQueryParameterValue('http://h/wopi/files/1?access_token=a%2Bb+c&x=1', 'access_token')).toBe('a+b c')
    expect(getQueryParameterValue('http://h/wopi/files/1?x=1&ACCESS_TOKEN=t#frag', 'access_token')).toBe('t')
    expect(getQueryParameterValue('http://h/wopi/files/1?access_token=', 'access_token')).toBe('')
    expect(getQueryParameterValue('http://h/wopi/files/1?my_access_token=t', 'access_token')).toBeNull()
  })

  it('AppendOrReplaceQueryParameter replaces in place or appends before a fragment', () => {
    expect(appendOrReplaceQueryParameter('http://h/f?access_token=old&ttl=1', 'access_token', 'INVALID')).toBe(
      'http://h/f?access_token=INVALID&ttl=1',
    )
    expect(appendOrReplaceQueryParameter('http://h/f', 'access_token', 'a b')).toBe('http://h/f?access_token=a+b')
    expect(appendOrReplaceQueryParameter('http://h/f?x=1#top', 'access_token', 't')).toBe('http://h/f?x=1&access_token=t#top')
  })
})
