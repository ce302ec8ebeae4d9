import { readFile } from 'node:fs/promises'
import { inflateRawSync } from 'node:zlib'

// What a saved office document says, read from its bytes on disk: ODF and OOXML files are zip archives whose
// text sits in one XML part. Enough of the zip format to find a part by name (central directory, stored or
// deflated entries); a real save by the editor is what the tests check, so nothing here writes.

function zipEntry(archive: Buffer, wanted: string): Buffer | null {
  const endOfDirectory = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (endOfDirectory < 0) throw new Error('not a zip archive (no end of central directory)')
  const entries = archive.readUInt16LE(endOfDirectory + 10)
  let at = archive.readUInt32LE(endOfDirectory + 16)
  for (let i = 0; i < entries; i++) {
    const method = archive.readUInt16LE(at + 10)
    const compressedSize = archive.readUInt32LE(at + 20)
    const nameLength = archive.readUInt16LE(at + 28)
    const extraLength = archive.readUInt16LE(at + 30)
    const commentLength = archive.readUInt16LE(at + 32)
    const localHeader = archive.readUInt32LE(at + 42)
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength)
    if (name === wanted) {
      const dataStart = localHeader + 30 + archive.readUInt16LE(localHeader + 26) + archive.readUInt16LE(localHeader + 28)
      const data = archive.subarray(dataStart, dataStart + compressedSize)
      if (method === 0) return data
      if (method === 8) return inflateRawSync(data)
      throw new Error(`${name} uses zip method ${method}`)
    }
    at += 46 + nameLength + extraLength + commentLength
  }
  return null
}

const TEXT_PARTS = ['content.xml', 'word/document.xml', 'ppt/slides/slide1.xml', 'xl/sharedStrings.xml']

/** The text of an office document on disk (tags stripped), for "does the saved file contain what was typed". */
export async function officeText(path: string): Promise<string> {
  const archive = await readFile(path)
  for (const part of TEXT_PARTS) {
    const xml = zipEntry(archive, part)
    if (xml) return xml.toString('utf8').replace(/<[^>]+>/g, '')
  }
  throw new Error(`${path} has none of ${TEXT_PARTS.join(', ')}`)
}
