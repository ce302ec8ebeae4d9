import DescriptionOutlined from '@mui/icons-material/DescriptionOutlined'
import FolderRounded from '@mui/icons-material/FolderRounded'
import GridOnOutlined from '@mui/icons-material/GridOnOutlined'
import ImageOutlined from '@mui/icons-material/ImageOutlined'
import InsertDriveFileOutlined from '@mui/icons-material/InsertDriveFileOutlined'
import PictureAsPdfOutlined from '@mui/icons-material/PictureAsPdfOutlined'
import SlideshowOutlined from '@mui/icons-material/SlideshowOutlined'
import TextSnippetOutlined from '@mui/icons-material/TextSnippetOutlined'
import DrawOutlined from '@mui/icons-material/DrawOutlined'
import { fileTypeOf, type FileType } from './file-type'

const colors: Record<FileType, string> = {
  folder: '#e0a526',
  document: '#2b6cd8',
  spreadsheet: '#1e8e4e',
  presentation: '#d2581d',
  drawing: '#8a4fd1',
  pdf: '#d3302f',
  image: '#0f8d9c',
  text: '#6b7685',
  other: '#8a94a3',
}

/** A colored type icon. Styled by class (wd-ftype) where grids render thousands; the color is inline. */
export function FileTypeIcon({ kind, ext }: { kind: 'file' | 'folder'; ext: string }) {
  const type = fileTypeOf(kind, ext)
  const props = { className: 'wd-ftype', style: { color: colors[type] }, 'aria-hidden': true } as const
  switch (type) {
    case 'folder':
      return <FolderRounded {...props} />
    case 'document':
      return <DescriptionOutlined {...props} />
    case 'spreadsheet':
      return <GridOnOutlined {...props} />
    case 'presentation':
      return <SlideshowOutlined {...props} />
    case 'drawing':
      return <DrawOutlined {...props} />
    case 'pdf':
      return <PictureAsPdfOutlined {...props} />
    case 'image':
      return <ImageOutlined {...props} />
    case 'text':
      return <TextSnippetOutlined {...props} />
    default:
      return <InsertDriveFileOutlined {...props} />
  }
}
