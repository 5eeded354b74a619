; Inno Setup script: a per-user or all-users installer with a Start-menu entry and an uninstaller.
; Built by packaging/windows/build-windows.ps1 after PyInstaller has written dist\wesog-desktop\ and the
; bundle passed --selftest (not run again at install: Setup ignores its exit code, and it would
; open a window and a local server on the user's machine).
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6E3C2A51-8B7D-4F0E-9C64-3D2B8A1F5E47}
AppName=Wesog Desktop
AppVersion={#AppVersion}
AppPublisher=Wesog
AppPublisherURL=https://wesog.com
DefaultDirName={autopf}\Wesog Desktop
DefaultGroupName=Wesog Desktop
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\out
OutputBaseFilename=WesogDesktop-{#AppVersion}-setup
SetupIconFile=..\out\wesog-desktop.ico
UninstallDisplayIcon={app}\wesog-desktop.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\out\dist\wesog-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Wesog Desktop"; Filename: "{app}\wesog-desktop.exe"
Name: "{group}\Wesog Desktop (demo)"; Filename: "{app}\wesog-desktop.exe"; Parameters: "--demo"
Name: "{group}\{cm:UninstallProgram,Wesog Desktop}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Wesog Desktop"; Filename: "{app}\wesog-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\wesog-desktop.exe"; Description: "{cm:LaunchProgram,Wesog Desktop}"; Flags: nowait postinstall skipifsilent
