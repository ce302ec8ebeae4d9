import Avatar from '@mui/material/Avatar'

/**
 * An editor app's icon from the URL the host gives (discovered or uploaded). Always an <img>: an uploaded SVG
 * is never put into the DOM inline, so it cannot run script or pull in outside resources.
 */
export function AppIcon({ name, iconUrl, size = 28 }: { name: string; iconUrl: string | null; size?: number }) {
  return (
    <Avatar
      variant="rounded"
      src={iconUrl ?? undefined}
      alt=""
      sx={{
        width: size,
        height: size,
        fontSize: size * 0.45,
        fontWeight: 700,
        bgcolor: iconUrl ? 'transparent' : 'action.selected',
        color: 'text.secondary',
        '& img': { objectFit: 'contain' },
      }}
      slotProps={{ img: { draggable: false, referrerPolicy: 'no-referrer' } }}
    >
      {name.trim().charAt(0).toUpperCase() || '?'}
    </Avatar>
  )
}
