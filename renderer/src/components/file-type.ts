export type FileType = 'folder' | 'document' | 'spreadsheet' | 'presentation' | 'drawing' | 'pdf' | 'image' | 'text' | 'other'

const byExtension: Record<string, FileType> = {}
const groups: [FileType, string][] = [
  ['document', 'doc docx docm dot dotx dotm odt ott fodt rtf wpd pages epub'],
  ['spreadsheet', 'xls xlsx xlsm xlsb xlt xltx xltm ods ots fods csv tsv numbers'],
  ['presentation', 'ppt pptx pptm pot potx potm pps ppsx odp otp fodp key'],
  ['drawing', 'odg otg fodg vsd vsdx vsdm vdx svgz'],
  ['pdf', 'pdf'],
  ['image', 'png jpg jpeg gif bmp webp tif tiff svg ico heic'],
  ['text', 'txt md markdown log json xml yaml yml ini conf'],
]
for (const [type, list] of groups) for (const ext of list.split(' ')) byExtension[ext] = type

export function fileTypeOf(kind: 'file' | 'folder', ext: string): FileType {
  if (kind === 'folder') return 'folder'
  return byExtension[ext.toLowerCase().replace(/^\./, '')] ?? 'other'
}
