# Build the Windows installer: PyInstaller bundle (packaging/wesog-desktop.spec), its self-test,
# then Inno Setup (wesog-desktop.iss).
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build-windows.ps1
#   -> packaging\out\WesogDesktop-<version>-setup.exe
$ErrorActionPreference = "Stop"
$Root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $Root

function Invoke-Checked([string]$What, [scriptblock]$Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit $LASTEXITCODE)" }
}

$Py = ".\.venv\Scripts\python.exe"
if (-not (Test-Path $Py)) {
    Invoke-Checked "venv" { python -m venv .venv }
    Invoke-Checked "pip upgrade" { & $Py -m pip install -q --upgrade pip }
}
Invoke-Checked "pip install" { & $Py -m pip install -q -e ".[package]" }
$Version = & $Py -c "from importlib.metadata import version; print(version('wesog-desktop'))"
if (Test-Path packaging\out) { Remove-Item -Recurse -Force packaging\out }
New-Item -ItemType Directory -Force packaging\out | Out-Null

# The .ico (setup and exe icon) is rendered from the SVG, like the Linux hicolor PNGs.
Invoke-Checked "icons" { & $Py packaging\linux\render_icons.py resources\icons\wesog-desktop.svg packaging\out\icons }
Invoke-Checked "ico" { & $Py -c "from PIL import Image; Image.open('packaging/out/icons/256.png').save('packaging/out/wesog-desktop.ico', sizes=[(16,16),(32,32),(48,48),(256,256)])" }
Copy-Item packaging\out\wesog-desktop.ico resources\icons\wesog-desktop.ico

Invoke-Checked "PyInstaller" {
    & $Py -m PyInstaller --noconfirm --clean --log-level WARN --distpath packaging\out\dist `
        --workpath packaging\out\build packaging\wesog-desktop.spec
}

# The exe is a GUI-subsystem program: `&` would not wait for it, Start-Process -Wait does.
$env:QT_QPA_PLATFORM = "offscreen"
$Test = Start-Process -FilePath packaging\out\dist\wesog-desktop\wesog-desktop.exe -ArgumentList "--selftest" `
    -Wait -PassThru -NoNewWindow
Remove-Item Env:\QT_QPA_PLATFORM
if ($Test.ExitCode -ne 0) { throw "the bundle's --selftest failed (exit $($Test.ExitCode))" }
$Size = (Get-ChildItem -Recurse packaging\out\dist\wesog-desktop | Measure-Object -Sum Length).Sum
Write-Host ("bundle: {0:N0} KB" -f ($Size / 1KB))

$Iscc = (Get-Command iscc -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
Invoke-Checked "Inno Setup" { & $Iscc "/DAppVersion=$Version" packaging\windows\wesog-desktop.iss }
Get-ChildItem packaging\out\*-setup.exe | ForEach-Object { Write-Host ("built {0} ({1:N0} KB)" -f $_.FullName, ($_.Length / 1KB)) }
