import Alert from '@mui/material/Alert'
import AlertTitle from '@mui/material/AlertTitle'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Card from '@mui/material/Card'
import InputAdornment from '@mui/material/InputAdornment'
import Link from '@mui/material/Link'
import MenuItem from '@mui/material/MenuItem'
import Paper from '@mui/material/Paper'
import Skeleton from '@mui/material/Skeleton'
import Stack from '@mui/material/Stack'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConsoleLanguage, SettingsDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { monoFontFamily } from '../../components/brand'
import { useSettings } from '../../app/SettingsContext'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useNotify } from '../../components/NotifyProvider'
import { PageContainer } from '../../components/PageContainer'
import { PageHeader } from '../../components/PageHeader'
import { browserLanguages, LANGUAGE_NAMES, resolveLanguage, UI_LANGUAGES } from '../../i18n/languages'
import { PlacesCard } from './PlacesCard'
import { BrowseFolderButton } from './BrowseFolderButton'
import { UpdatesCard } from './UpdatesCard'
import {
  checkSettingsForm,
  fieldOfSaveError,
  reachabilityWarning,
  settingLabelKeys,
  toForm,
  type SettingsField,
  type SettingsForm,
} from './settings-form'

export function SettingsPage() {
  const { t } = useTranslation()
  const settings = useSettings()
  return (
    <PageContainer maxWidth={960}>
      <PageHeader title={t('settings:title')} description={t('settings:description')} />
      {settings.error && !settings.data && (
        <ErrorAlert error={settings.error} title={t('settings:loadFailed')} onRetry={() => void settings.reload()} />
      )}
      {!settings.data && !settings.error && <SettingsSkeleton />}
      {settings.data && <SettingsEditor current={settings.data} onSaved={(next) => settings.setData(next)} />}
      <Box sx={{ mt: 3 }}>
        <PlacesCard />
      </Box>
      <Box sx={{ mt: 3 }}>
        <UpdatesCard />
      </Box>
    </PageContainer>
  )
}

function SettingsEditor({ current, onSaved }: { current: SettingsDto; onSaved: (settings: SettingsDto) => void }) {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const notify = useNotify()
  const [form, setForm] = useState<SettingsForm>(() => toForm(current))
  const [touched, setTouched] = useState<Partial<Record<SettingsField, boolean>>>({})
  const [submitted, setSubmitted] = useState(false)
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<{ message: string; field: SettingsField | null; value: string } | null>(null)
  const [restartRequired, setRestartRequired] = useState<string[]>([])

  useEffect(() => setForm(toForm(current)), [current])

  const { patch, errors } = useMemo(() => checkSettingsForm(form, current), [form, current])
  const pristine = useMemo(() => toForm(current), [current])
  const dirty = (Object.keys(form) as SettingsField[]).some((name) => form[name].trim() !== pristine[name].trim())
  const warning = reachabilityWarning(form)
  // A refused save stays at its field until that field changes.
  const serverErrorOf = (field: SettingsField) => (saveError?.field === field && form[field] === saveError.value ? saveError.message : null)
  const formErrorOf = (field: SettingsField) => {
    const key = (touched[field] || submitted) && errors[field]
    return key ? t(key) : null
  }
  const errorOf = (field: SettingsField) => formErrorOf(field) ?? serverErrorOf(field) ?? null
  const fieldLabel = (name: SettingsField) => t(`settings:fields.${name}`)
  const fieldErrors = (Object.keys(form) as SettingsField[]).filter((name) => errorOf(name) !== null)

  const field = (name: SettingsField) => ({
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm((previous) => ({ ...previous, [name]: event.target.value })),
    onBlur: () => setTouched((previous) => ({ ...previous, [name]: true })),
    error: errorOf(name) !== null,
    id: `setting-${name}`,
    disabled: saving,
    fullWidth: true,
  })

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setSubmitted(true)
    const invalid = (Object.keys(errors) as SettingsField[])[0]
    if (invalid) {
      focusField(invalid)
      return
    }
    setSaving(true)
    setSaveError(null)
    try {
      const result = await api.call('settings:update', patch)
      onSaved(result.settings)
      setForm(toForm(result.settings))
      setTouched({})
      setSubmitted(false)
      setRestartRequired(result.restartRequired)
      // Said in the language just chosen: the page switches to it right after.
      const saidIn = i18n.getFixedT(resolveLanguage(result.settings.language, browserLanguages()))
      notify(result.restartRequired.length > 0 ? saidIn('settings:savedRestart') : saidIn('settings:saved'))
    } catch (error) {
      const message = errorMessage(error)
      const field = fieldOfSaveError(message, patch)
      setSaveError({ message, field, value: field ? form[field] : '' })
      if (field) focusField(field)
    } finally {
      setSaving(false)
    }
  }
  // The bar under the pointer says why Save did nothing; the fields themselves may be far above.
  const barError: { text: string; field: SettingsField | null } | null =
    saveError && !fieldErrors.length
      ? { text: saveError.message, field: null }
      : fieldErrors.length > 0 && (submitted || saveError)
        ? {
            text:
              fieldErrors.length === 1
                ? t('settings:bar.oneField', { field: fieldLabel(fieldErrors[0]!) })
                : t('settings:bar.fields', { count: fieldErrors.length, names: fieldErrors.map(fieldLabel).join(', ') }),
            field: fieldErrors[0]!,
          }
        : null

  const discard = () => {
    setForm(toForm(current))
    setTouched({})
    setSubmitted(false)
    setSaveError(null)
  }

  // The fields are disabled while saving and cannot take focus then: focus once the form is enabled again.
  const [focusWanted, setFocusWanted] = useState<SettingsField | null>(null)
  useEffect(() => {
    if (!focusWanted || saving) return
    const input = document.getElementById(`setting-${focusWanted}`)
    input?.scrollIntoView({ block: 'center', behavior: 'smooth' })
    input?.focus({ preventScroll: true })
    setFocusWanted(null)
  }, [focusWanted, saving])
  function focusField(name: SettingsField) {
    setFocusWanted(name)
  }

  return (
    <Box component="form" onSubmit={(event) => void save(event)} noValidate aria-label={t('settings:formLabel')}>
      {restartRequired.length > 0 && (
        <Alert severity="warning" sx={{ mb: 3 }} onClose={() => setRestartRequired([])}>
          <AlertTitle>{t('settings:restart.title')}</AlertTitle>
          {t('settings:restart.body', {
            names: restartRequired.map((name) => (settingLabelKeys[name] ? t(settingLabelKeys[name]) : name)).join(', '),
          })}
        </Alert>
      )}
      <Stack sx={{ gap: 3 }}>
        <Section title={t('settings:sections.root.title')} description={t('settings:sections.root.description')}>
          <TextField
            label={fieldLabel('root')}
            {...field('root')}
            helperText={errorOf('root') ?? t('settings:help.root')}
            slotProps={{
              htmlInput: { spellCheck: false },
              input: {
                endAdornment: <BrowseFolderButton disabled={saving} onPicked={(root) => setForm((previous) => ({ ...previous, root }))} />,
              },
            }}
          />
        </Section>

        <Section title={t('settings:sections.network.title')} description={t('settings:sections.network.description')}>
          <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)', gap: 2 }}>
            <TextField
              label={fieldLabel('bind')}
              {...field('bind')}
              helperText={errorOf('bind') ?? t('settings:help.bind')}
              slotProps={{ htmlInput: { spellCheck: false } }}
            />
            <TextField
              label={fieldLabel('port')}
              {...field('port')}
              helperText={errorOf('port') ?? t('settings:help.port')}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            />
          </Box>
          <TextField
            label={fieldLabel('publicUrl')}
            {...field('publicUrl')}
            placeholder={PUBLIC_URL_EXAMPLE}
            helperText={errorOf('publicUrl') ?? t('settings:help.publicUrl')}
            slotProps={{ htmlInput: { spellCheck: false, inputMode: 'url' } }}
          />
          <Alert severity="info" variant="outlined" sx={{ '& .MuiAlert-message': { width: '100%' } }}>
            {t('settings:dockerNote')}
          </Alert>
          {warning && <Alert severity="warning">{t('settings:reachability', warning)}</Alert>}
          <Box>
            <Typography variant="overline" color="text.secondary" component="div" id="effective-wopi-base-label">
              {t('settings:editorsCall')}
            </Typography>
            <Paper
              variant="outlined"
              aria-labelledby="effective-wopi-base-label"
              sx={{ px: 1.5, py: 1, fontFamily: monoFontFamily, fontSize: '0.875rem', bgcolor: 'action.hover', overflowWrap: 'anywhere' }}
            >
              {current.effectiveWopiBase}
            </Paper>
            <Typography variant="caption" color="text.secondary">
              {t('settings:editorsCallHelp')}{' '}
              {patch.publicUrl !== undefined || patch.bind !== undefined || patch.port !== undefined ? t('settings:updatesOnSave') : null}
            </Typography>
          </Box>
        </Section>

        <Section title={t('settings:sections.documents.title')} description={t('settings:sections.documents.description')}>
          <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: 2 }}>
            <TextField
              label={fieldLabel('tokenTtlMinutes')}
              {...field('tokenTtlMinutes')}
              helperText={errorOf('tokenTtlMinutes') ?? t('settings:help.tokenTtlMinutes')}
              slotProps={{
                input: { endAdornment: <InputAdornment position="end">{t('settings:units.minutes')}</InputAdornment> },
                htmlInput: { inputMode: 'numeric' },
              }}
            />
            <TextField
              label={fieldLabel('versionRetention')}
              {...field('versionRetention')}
              helperText={errorOf('versionRetention') ?? t('settings:help.versionRetention')}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            />
            <TextField
              label={fieldLabel('trashRetentionDays')}
              {...field('trashRetentionDays')}
              helperText={errorOf('trashRetentionDays') ?? t('settings:help.trashRetentionDays')}
              slotProps={{
                input: { endAdornment: <InputAdornment position="end">{t('settings:units.days')}</InputAdornment> },
                htmlInput: { inputMode: 'numeric' },
              }}
            />
            <TextField
              label={fieldLabel('maxFileSizeMb')}
              {...field('maxFileSizeMb')}
              helperText={errorOf('maxFileSizeMb') ?? t('settings:help.maxFileSizeMb')}
              slotProps={{
                input: { endAdornment: <InputAdornment position="end">{t('settings:units.mb')}</InputAdornment> },
                htmlInput: { inputMode: 'decimal' },
              }}
            />
          </Box>
        </Section>

        <Section title={t('settings:sections.you.title')} description={t('settings:sections.you.description')}>
          <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: 2 }}>
            <TextField
              label={fieldLabel('userName')}
              {...field('userName')}
              helperText={errorOf('userName') ?? t('settings:help.userName')}
              slotProps={{ htmlInput: { maxLength: 100 } }}
            />
            <TextField
              select
              label={fieldLabel('language')}
              {...field('language')}
              onChange={(event) => setForm((previous) => ({ ...previous, language: event.target.value as ConsoleLanguage }))}
              helperText={errorOf('language') ?? t('settings:help.language')}
            >
              <MenuItem value="system">{t('common:language.system')}</MenuItem>
              {UI_LANGUAGES.map((language) => (
                <MenuItem key={language} value={language} lang={language}>
                  {LANGUAGE_NAMES[language]}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label={fieldLabel('locale')}
              {...field('locale')}
              helperText={errorOf('locale') ?? t('settings:help.locale')}
              slotProps={{ htmlInput: { spellCheck: false } }}
            />
          </Box>
        </Section>

        <Section title={t('settings:sections.data.title')} description={t('settings:sections.data.description')}>
          <TextField
            label={t('settings:fields.dataDir')}
            value={current.dataDir}
            fullWidth
            helperText={t('settings:help.dataDir')}
            slotProps={{ htmlInput: { readOnly: true }, input: { sx: { fontFamily: monoFontFamily, fontSize: '0.875rem' } } }}
          />
        </Section>
      </Stack>

      {saveError && !saveError.field && (
        <Alert severity="error" sx={{ mt: 3 }}>
          {saveError.message}
        </Alert>
      )}

      <Paper
        variant="outlined"
        sx={{
          position: dirty ? 'sticky' : 'static',
          bottom: 16,
          mt: 3,
          px: 2.5,
          py: 1.5,
          display: 'flex',
          alignItems: 'center',
          gap: 2,
          zIndex: 2,
          boxShadow: dirty ? '0 8px 24px rgba(15, 23, 42, 0.12)' : 'none',
        }}
      >
        <Typography
          variant="body2"
          color={barError ? 'error' : 'text.secondary'}
          sx={{ flex: 1 }}
          aria-live="polite"
          role={barError ? 'alert' : undefined}
        >
          {barError ? (
            <>
              {t('settings:bar.notSaved')} {barError.text}{' '}
              {barError.field && (
                <Link component="button" type="button" onClick={() => focusField(barError.field!)} sx={{ verticalAlign: 'baseline' }}>
                  {t('settings:bar.goTo', { field: fieldLabel(barError.field) })}
                </Link>
              )}
            </>
          ) : dirty ? (
            t('settings:bar.unsaved')
          ) : (
            t('settings:bar.allSaved')
          )}
        </Typography>
        <Button onClick={discard} disabled={!dirty || saving}>
          {t('settings:bar.discard')}
        </Button>
        <Button type="submit" variant="contained" loading={saving} disabled={!dirty}>
          {t('settings:bar.save')}
        </Button>
      </Paper>
    </Box>
  )
}

/** An address, the same in every language. */
const PUBLIC_URL_EXAMPLE = 'http://host.docker.internal:17890'

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  const headingId = useId()
  return (
    <Card component="section" aria-labelledby={headingId} sx={{ p: 3 }}>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '220px minmax(0, 1fr)' }, gap: { xs: 2, md: 4 } }}>
        <Box>
          <Typography variant="h2" component="h2" id={headingId}>
            {title}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            {description}
          </Typography>
        </Box>
        <Stack sx={{ gap: 2, minWidth: 0 }}>{children}</Stack>
      </Box>
    </Card>
  )
}

function SettingsSkeleton() {
  const { t } = useTranslation()
  return (
    <Stack sx={{ gap: 3 }} aria-busy="true" aria-label={t('settings:loadingLabel')}>
      {[0, 1, 2].map((index) => (
        <Card key={index} sx={{ p: 3, display: 'grid', gridTemplateColumns: '220px 1fr', gap: 4 }}>
          <Box>
            <Skeleton width={120} height={28} />
            <Skeleton width={180} />
          </Box>
          <Stack sx={{ gap: 2 }}>
            <Skeleton variant="rounded" height={40} />
            <Skeleton variant="rounded" height={40} />
          </Stack>
        </Card>
      ))}
    </Stack>
  )
}
