import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Skeleton from '@mui/material/Skeleton'
import Stack from '@mui/material/Stack'
import Card from '@mui/material/Card'
import AddRounded from '@mui/icons-material/AddRounded'
import ExtensionOutlined from '@mui/icons-material/ExtensionOutlined'
import RefreshRounded from '@mui/icons-material/RefreshRounded'
import { useMemo, useState } from 'react'
import type { ImportResult, RefreshReport } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { useCall } from '../../api/use-call'
import { useEvent } from '../../api/use-event'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageContainer } from '../../components/PageContainer'
import { PageHeader } from '../../components/PageHeader'
import { useNotify } from '../../components/NotifyProvider'
import { useNow } from '../../components/use-now'
import { extensionsWithSeveralApps, replaceApp, replaceEndpoint } from './catalog-logic'
import { DefaultAppsSection } from './DefaultAppsSection'
import { EndpointCard } from './EndpointCard'
import { ImportEditorDialog } from './ImportEditorDialog'
import { RefreshReportDialog } from './RefreshReportDialog'
import { RestoreBuiltinEditor } from './RestoreBuiltinEditor'
import { useTranslation } from 'react-i18next'

export function EditorsPage() {
  const { t } = useTranslation()
  const api = useApi()
  const notify = useNotify()
  const now = useNow(30_000)
  const catalog = useCall(() => api.call('catalog:list'), [api])
  const [importOpen, setImportOpen] = useState(false)
  const [refreshing, setRefreshing] = useState<string | 'all' | null>(null)
  const [reports, setReports] = useState<RefreshReport[] | null>(null)
  const [catalogVersion, setCatalogVersion] = useState(0)

  useEvent('catalog:changed', () => {
    void catalog.reload().then(() => setCatalogVersion((value) => value + 1))
  })

  const endpoints = useMemo(() => catalog.data ?? [], [catalog.data])
  const multiAppExtensions = useMemo(() => extensionsWithSeveralApps(endpoints), [endpoints])

  const refresh = async (endpointId?: string) => {
    setRefreshing(endpointId ?? 'all')
    try {
      const result = await api.call('catalog:refresh', endpointId)
      setReports(result)
      await catalog.reload()
      setCatalogVersion((value) => value + 1)
    } catch (error) {
      notify(errorMessage(error), 'error')
    } finally {
      setRefreshing(null)
    }
  }

  const imported = (result: ImportResult) => {
    setImportOpen(false)
    catalog.setData((previous) => replaceEndpoint(previous ?? [], result.endpoint))
    setCatalogVersion((value) => value + 1)
    notify(
      result.created
        ? t('editors:imported', { name: result.endpoint.name, count: result.endpoint.apps.length })
        : t('editors:reimported', { name: result.endpoint.name, count: result.changes.length }),
    )
  }

  const importButton = (
    <Button variant="contained" startIcon={<AddRounded />} onClick={() => setImportOpen(true)}>
      {t('editors:import')}
    </Button>
  )

  return (
    <PageContainer>
      <PageHeader
        title={t('editors:title')}
        description={t('editors:description')}
        actions={
          // Importing needs nothing from the list, so the button is there from the first frame; only an empty
          // catalog moves it into the empty state (one Import button on the page, never two).
          catalog.data && endpoints.length === 0 ? undefined : (
            <>
              {endpoints.length > 0 && (
                <Button
                  variant="outlined"
                  startIcon={<RefreshRounded />}
                  onClick={() => void refresh()}
                  loading={refreshing === 'all'}
                  loadingPosition="start"
                >
                  {t('editors:refreshAll')}
                </Button>
              )}
              {importButton}
            </>
          )
        }
      />

      {catalog.error && !catalog.data && (
        <ErrorAlert error={catalog.error} title={t('editors:loadFailed')} onRetry={() => void catalog.reload()} />
      )}

      {catalog.loading && !catalog.data && <EditorsSkeleton />}

      {catalog.data && !endpoints.some((endpoint) => endpoint.kind === 'builtin') && (
        <RestoreBuiltinEditor
          onRestored={(endpoint) => {
            catalog.setData((previous) => replaceEndpoint(previous ?? [], endpoint))
            setCatalogVersion((value) => value + 1)
          }}
        />
      )}

      {catalog.data && endpoints.length === 0 && (
        <EmptyState icon={<ExtensionOutlined />} title={t('editors:none.title')} action={importButton}>
          {t('editors:none.body')}
        </EmptyState>
      )}

      {endpoints.length > 0 && (
        <Stack sx={{ gap: 3 }}>
          {endpoints.map((endpoint) => (
            <EndpointCard
              key={endpoint.id}
              endpoint={endpoint}
              now={now}
              refreshing={refreshing === endpoint.id || refreshing === 'all'}
              onRefresh={() => void refresh(endpoint.id)}
              onEndpointChange={(next) => {
                catalog.setData((previous) => replaceEndpoint(previous ?? [], next))
                setCatalogVersion((value) => value + 1)
              }}
              onAppChange={(app) => {
                catalog.setData((previous) => replaceApp(previous ?? [], app))
                setCatalogVersion((value) => value + 1)
              }}
              onRemoved={() => {
                catalog.setData((previous) => (previous ?? []).filter((candidate) => candidate.id !== endpoint.id))
                setCatalogVersion((value) => value + 1)
              }}
            />
          ))}
          <DefaultAppsSection extensions={multiAppExtensions} catalogVersion={catalogVersion} />
        </Stack>
      )}

      <ImportEditorDialog open={importOpen} onClose={() => setImportOpen(false)} onImported={imported} />
      <RefreshReportDialog reports={reports} endpoints={endpoints} onClose={() => setReports(null)} />
    </PageContainer>
  )
}

function EditorsSkeleton() {
  const { t } = useTranslation()
  return (
    <Stack sx={{ gap: 3 }} aria-busy="true" aria-label={t('editors:loading')}>
      {[0, 1].map((index) => (
        <Card key={index} sx={{ p: 2.5 }}>
          <Skeleton variant="text" width={260} height={32} />
          <Box sx={{ display: 'grid', gridTemplateColumns: '1.6fr 1fr 1.3fr', gap: 3, mt: 2, mb: 3 }}>
            <Skeleton variant="rounded" height={44} />
            <Skeleton variant="rounded" height={44} />
            <Skeleton variant="rounded" height={44} />
          </Box>
          {[0, 1, 2].map((row) => (
            <Box key={row} sx={{ display: 'flex', gap: 2, alignItems: 'center', py: 1 }}>
              <Skeleton variant="rounded" width={28} height={28} />
              <Skeleton variant="text" width={160} />
              <Skeleton variant="text" sx={{ flex: 1 }} />
            </Box>
          ))}
        </Card>
      ))}
    </Stack>
  )
}
