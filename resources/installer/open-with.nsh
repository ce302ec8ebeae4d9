; WOPI Desk in Windows' "Open with" for office documents, without taking over any default.
; electron-builder's own file associations (APP_ASSOCIATE) set HKCU\Software\Classes\.<ext> to the app's ProgID,
; which makes the app the default handler. Here the ProgID is only added under .<ext>\OpenWithProgids and the
; app declares SupportedTypes, so the user's defaults stay as they are.
; SHELL_CONTEXT is HKCU or HKLM, as electron-builder sets it for a per-user or per-machine install.

!macro wopiDeskOpenWith EXT
  WriteRegNone SHELL_CONTEXT "Software\Classes\.${EXT}\OpenWithProgids" "WOPIDesk.Document"
  WriteRegStr SHELL_CONTEXT "Software\Classes\Applications\${APP_EXECUTABLE_FILENAME}\SupportedTypes" ".${EXT}" ""
!macroend

!macro wopiDeskForget EXT
  DeleteRegValue SHELL_CONTEXT "Software\Classes\.${EXT}\OpenWithProgids" "WOPIDesk.Document"
!macroend

!macro customInstall
  WriteRegStr SHELL_CONTEXT "Software\Classes\WOPIDesk.Document" "" "Office document (WOPI Desk)"
  WriteRegStr SHELL_CONTEXT "Software\Classes\WOPIDesk.Document\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\WOPIDesk.Document\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  WriteRegStr SHELL_CONTEXT "Software\Classes\Applications\${APP_EXECUTABLE_FILENAME}" "FriendlyAppName" "WOPI Desk"
  WriteRegStr SHELL_CONTEXT "Software\Classes\Applications\${APP_EXECUTABLE_FILENAME}\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  !insertmacro wopiDeskOpenWith odt
  !insertmacro wopiDeskOpenWith ods
  !insertmacro wopiDeskOpenWith odp
  !insertmacro wopiDeskOpenWith docx
  !insertmacro wopiDeskOpenWith xlsx
  !insertmacro wopiDeskOpenWith pptx
  !insertmacro wopiDeskOpenWith doc
  !insertmacro wopiDeskOpenWith xls
  !insertmacro wopiDeskOpenWith ppt
  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend

!macro customUnInstall
  !insertmacro wopiDeskForget odt
  !insertmacro wopiDeskForget ods
  !insertmacro wopiDeskForget odp
  !insertmacro wopiDeskForget docx
  !insertmacro wopiDeskForget xlsx
  !insertmacro wopiDeskForget pptx
  !insertmacro wopiDeskForget doc
  !insertmacro wopiDeskForget xls
  !insertmacro wopiDeskForget ppt
  DeleteRegKey SHELL_CONTEXT "Software\Classes\WOPIDesk.Document"
  DeleteRegKey SHELL_CONTEXT "Software\Classes\Applications\${APP_EXECUTABLE_FILENAME}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend
