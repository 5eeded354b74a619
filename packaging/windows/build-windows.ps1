# Build the Windows installer: PyInstaller bundle, then Inno Setup (iscc on PATH).
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build-windows.ps1
$ErrorActionPreference = "Stop"
$Root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $Root
python -m venv .venv
.\.venv\Scripts\python -m pip install -q --upgrade pip
.\.venv\Scripts\python -m pip install -q -e ".[package]"
$Version = .\.venv\Scripts\python -c "from importlib.metadata import version; print(version('wesog-desktop'))"
New-Item -ItemType Directory -Force packaging\out | Out-Null
.\.venv\Scripts\python packaging\linux\render_icons.py resources\icons\wesog-desktop.svg packaging\out\icons
.\.venv\Scripts\python -c "from PIL import Image; Image.open('packaging/out/icons/256.png').save('packaging/out/wesog-desktop.ico', sizes=[(16,16),(32,32),(48,48),(256,256)])"
Copy-Item packaging\out\wesog-desktop.ico resources\icons\wesog-desktop.ico
.\.venv\Scripts\python -m PyInstaller --noconfirm --clean --distpath packaging\out\dist --workpath packaging\out\build packaging\wesog-desktop.spec
$env:QT_QPA_PLATFORM = "offscreen"
& packaging\out\dist\wesog-desktop\wesog-desktop.exe --selftest
if ($LASTEXITCODE -ne 0) { throw "selftest failed" }
iscc "/DAppVersion=$Version" packaging\windows\wesog-desktop.iss
