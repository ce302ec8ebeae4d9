import AppBar from '@mui/material/AppBar'
import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import List from '@mui/material/List'
import ListItemButton from '@mui/material/ListItemButton'
import ListItemIcon from '@mui/material/ListItemIcon'
import ListItemText from '@mui/material/ListItemText'
import Skeleton from '@mui/material/Skeleton'
import Toolbar from '@mui/material/Toolbar'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import ExtensionOutlined from '@mui/icons-material/ExtensionOutlined'
import FolderOpenOutlined from '@mui/icons-material/FolderOpenOutlined'
import HubOutlined from '@mui/icons-material/HubOutlined'
import MonitorHeartOutlined from '@mui/icons-material/MonitorHeartOutlined'
import SettingsOutlined from '@mui/icons-material/SettingsOutlined'
import TimelineOutlined from '@mui/icons-material/TimelineOutlined'
import type { MouseEvent, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { pageTitleKeys, routeHref, type Page } from './routes'
import { useSettings } from './SettingsContext'
import { BrandMark } from './BrandMark'
import { PauseHostButton, PausedBanner } from './HostPause'
import { visuallyHidden } from '../components/visually-hidden'

const NAV_WIDTH = 200

const navIcons: Record<Page, ReactNode> = {
  editors: <ExtensionOutlined />,
  files: <FolderOpenOutlined />,
  activity: <TimelineOutlined />,
  settings: <SettingsOutlined />,
  doctor: <MonitorHeartOutlined />,
}

const navOrder: Page[] = ['editors', 'files', 'activity', 'settings', 'doctor']

export function Shell({ page, children }: { page: Page; children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100vh', bgcolor: 'background.default' }}>
      {/* The first tab stop: past the header and navigation to the page. Not a #fragment link: the hash is the route. */}
      <Box
        component="a"
        href="#main-content"
        onClick={(event: MouseEvent) => {
          event.preventDefault()
          document.getElementById('main-content')?.focus()
        }}
        sx={{
          position: 'absolute',
          left: 8,
          top: -48,
          zIndex: 1200,
          px: 2,
          py: 1,
          borderRadius: 1,
          bgcolor: 'primary.main',
          color: 'primary.contrastText',
          fontWeight: 600,
          textDecoration: 'none',
          '&:focus': { top: 8 },
        }}
      >
        {t('common:nav.skip')}
      </Box>
      <AppBar position="static" sx={{ borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }}>
        <Toolbar variant="dense" sx={{ gap: 2, minHeight: 56 }}>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.25, width: NAV_WIDTH - 24, flexShrink: 0 }}>
            <BrandMark />
            <Typography component="span" sx={{ fontWeight: 700, fontSize: '1.0625rem', letterSpacing: '-0.01em' }}>
              WOPI Desk
            </Typography>
          </Box>
          <Box sx={{ flex: 1 }} />
          <HostStatus />
          <PauseHostButton />
        </Toolbar>
      </AppBar>
      <PausedBanner />
      <Box sx={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <Box
          component="nav"
          aria-label={t('common:nav.main')}
          sx={{ width: NAV_WIDTH, flexShrink: 0, borderRight: 1, borderColor: 'divider', bgcolor: 'background.paper', py: 1.5 }}
        >
          {/* A div, not a list: its items are links (ListItemButton as <a>), and a <ul> may hold only <li>s. */}
          <List component="div" disablePadding sx={{ px: 1.5, display: 'grid', gap: 0.5 }}>
            {navOrder.map((item) => {
              const active = item === page
              return (
                <ListItemButton
                  key={item}
                  component="a"
                  href={routeHref({ page: item })}
                  selected={active}
                  aria-current={active ? 'page' : undefined}
                  sx={{
                    borderRadius: 1.5,
                    py: 0.75,
                    '&.Mui-selected': { color: 'primary.main', '& .MuiListItemIcon-root': { color: 'primary.main' } },
                  }}
                >
                  <ListItemIcon sx={{ minWidth: 36 }} aria-hidden>
                    {navIcons[item]}
                  </ListItemIcon>
                  <ListItemText
                    primary={t(pageTitleKeys[item])}
                    slotProps={{ primary: { sx: { fontWeight: active ? 650 : 500, fontSize: '0.9375rem' } } }}
                  />
                </ListItemButton>
              )
            })}
          </List>
        </Box>
        <Box
          component="main"
          id="main-content"
          tabIndex={-1}
          sx={{ flex: 1, minWidth: 0, overflow: 'auto', display: 'flex', flexDirection: 'column', outline: 'none' }}
        >
          {children}
        </Box>
      </Box>
    </Box>
  )
}

function HostStatus() {
  const { t } = useTranslation()
  const { data: settings, error } = useSettings()
  if (error) return null
  if (!settings) {
    return (
      <Box sx={{ display: 'flex', gap: 1 }} aria-hidden>
        <Skeleton variant="rounded" width={180} height={28} />
        <Skeleton variant="rounded" width={200} height={28} />
      </Box>
    )
  }
  return (
    <Box component="section" aria-label={t('common:status.label')} sx={{ display: 'flex', gap: 1, minWidth: 0, overflow: 'hidden' }}>
      <StatusChip icon={<FolderOpenOutlined />} label={t('common:status.servedFolder')} value={settings.root} />
      <StatusChip icon={<HubOutlined />} label={t('common:status.wopiHost')} value={settings.effectiveWopiBase} />
    </Box>
  )
}

function StatusChip({ icon, label, value }: { icon: React.ReactElement; label: string; value: string }) {
  const { t } = useTranslation()
  return (
    <Tooltip title={t('common:status.chip', { label, value })}>
      <Chip
        icon={icon}
        variant="outlined"
        size="small"
        label={
          <>
            {/* Narrow windows show only the icon and value; screen readers still hear the label. */}
            <Box component="span" sx={(theme) => ({ color: 'text.secondary', mr: 0.75, [theme.breakpoints.down('lg')]: visuallyHidden })}>
              {label}
            </Box>
            {value}
          </>
        }
        sx={{ maxWidth: 340, height: 28, '& .MuiChip-label': { overflow: 'hidden', textOverflow: 'ellipsis' } }}
      />
    </Tooltip>
  )
}
