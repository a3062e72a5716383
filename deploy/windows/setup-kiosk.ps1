<#
.SYNOPSIS
    Sets up this Windows PC as a KetaMD waiting-room kiosk, or updates it to this release.
.DESCRIPTION
    Run as an administrator, in Windows PowerShell (not the ISE), in the release's checkout:
        powershell -ExecutionPolicy Bypass -File .\deploy\windows\setup-kiosk.ps1
    Run it again in a newer release's checkout to update. It never overwrites the clinic's
    content or kiosk.yaml. What each step changes, and how to undo it: docs\windows.md.
    NOTE: not yet run on a real Windows PC by the kiosk's developers (docs\windows.md).
#>
#Requires -RunAsAdministrator
#Requires -PSEdition Desktop
param(
    [string]$KioskUser = 'kiosk',       # the standard local account the kiosk runs as
    [SecureString]$Password,            # its password; asked for when not given
    [ValidateSet('Auto', 'ShellLauncher', 'Startup')]
    [string]$Shell = 'Auto',            # Auto: Shell Launcher where the edition has it
    [ValidatePattern('^([a-z]{2}=[A-Za-z-]+,?)*$')]
    [string]$Voices = '',               # language=voice, e.g. 'es=es-ES,fr=fr-FR' (en-US, es-MX)
    [switch]$NoAutoLogon,               # leave automatic sign-in alone (Sysinternals Autologon)
    [switch]$NoVoices                   # do not add text-to-speech voices
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$checkout = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '..\..')).Path

function Say([string]$Text) { Write-Host "==> $Text" -ForegroundColor Cyan }
# Runs a program; stops the script when it fails.
function Run([string]$File, [string[]]$Arguments) {
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $Arguments failed (exit status $LASTEXITCODE)" }
}
function Plain([SecureString]$Secret) { (New-Object PSCredential 'x', $Secret).GetNetworkCredential().Password }
# Sets a registry value, creating its key when missing, and prints it (to undo it later).
function Set-Reg([string]$Key, [string]$Name, [int]$Value) {
    if (-not (Test-Path -LiteralPath "Registry::$Key")) { New-Item -Path "Registry::$Key" -Force | Out-Null }
    New-ItemProperty -LiteralPath "Registry::$Key" -Name $Name -Value $Value -PropertyType DWord -Force | Out-Null
    Write-Host "    $Key  $Name = $Value (DWORD)"
}
# Runs a program as the kiosk account (its profile loaded); returns its exit status.
function Invoke-AsKiosk([string]$File, [string]$Arguments, [string]$Output) {
    $options = @{ FilePath = $File; ArgumentList = $Arguments; Credential = $credential
        LoadUserProfile = $true; Wait = $true; PassThru = $true; WorkingDirectory = $env:SystemRoot }
    if ($Output) { $options.RedirectStandardOutput = $Output; $options.RedirectStandardError = "$Output.err" }
    (Start-Process @options).ExitCode
}

# --- 1. The kiosk's own standard account ---------------------------------------------------
if (-not $Password) {
    $Password = Read-Host -AsSecureString "Password for the account '$KioskUser' (the account is set to it)"
    if ((Plain $Password) -ne (Plain (Read-Host -AsSecureString 'The same password again'))) {
        throw 'The two passwords differ; nothing was changed. Run the script again.'
    }
}
if (-not (Plain $Password)) { throw 'The kiosk account needs a password.' }
$user = Get-LocalUser -Name $KioskUser -ErrorAction SilentlyContinue
if ($user) {
    Set-LocalUser -Name $KioskUser -Password $Password -PasswordNeverExpires $true
    Say "The account '$KioskUser' exists; its password is now the one given."
} else {
    $user = New-LocalUser -Name $KioskUser -Password $Password -FullName 'KetaMD kiosk' `
        -Description 'Runs the KetaMD waiting-room kiosk' -PasswordNeverExpires -UserMayNotChangePassword
    Say "Created the standard account '$KioskUser'."
}
# A member of Users (S-1-5-32-545), never of Administrators (S-1-5-32-544).
try { Add-LocalGroupMember -SID 'S-1-5-32-545' -Member $KioskUser }
catch [Microsoft.PowerShell.Commands.MemberExistsException] { }
$sid = $user.SID.Value
try { $isAdmin = [bool](Get-LocalGroupMember -SID 'S-1-5-32-544' | Where-Object { $_.SID.Value -eq $sid }) }
catch { $isAdmin = $false; Write-Warning "Could not read the Administrators group: make sure '$KioskUser' is not in it." }
if ($isAdmin) { throw "'$KioskUser' is an administrator: the kiosk must run as a standard account." }
$credential = New-Object PSCredential "$env:COMPUTERNAME\$KioskUser", $Password

# A new account's folders exist only after its first sign-in. Starting one command as that
# account (as "runas" does) makes them, with no sign-in at the screen.
$userProfile = Get-CimInstance Win32_UserProfile -Filter "SID='$sid'"
if (-not $userProfile) {
    Say "Creating the folders (profile) of '$KioskUser' ..."
    try { [void](Invoke-AsKiosk "$env:SystemRoot\System32\cmd.exe" '/c exit') } catch { Write-Warning $_ }
    $userProfile = Get-CimInstance Win32_UserProfile -Filter "SID='$sid'"
    if (-not $userProfile) { throw "Windows made no profile for '$KioskUser': sign in as '$KioskUser' once, sign out, and run this script again." }
}
$profileDir = $userProfile.LocalPath
$kioskHome = Join-Path $profileDir 'AppData\Local\ketamd-kiosk'     # %LOCALAPPDATA% of the kiosk
$configDir = Join-Path $profileDir 'AppData\Roaming\ketamd-kiosk'   # %APPDATA% of the kiosk
New-Item -ItemType Directory -Force -Path $kioskHome, $configDir | Out-Null

# --- 2. Python 3.11 or newer, installed for all users --------------------------------------
# A Python inside one person's profile (python.org's default) or from the Microsoft Store
# cannot be used by the kiosk account.
function Find-Python {
    $candidates = @("$env:ProgramFiles\Python312\python.exe", "$env:ProgramFiles\Python313\python.exe", "$env:ProgramFiles\Python311\python.exe")
    if (Get-Command py.exe -ErrorAction SilentlyContinue) { $candidates = @(& py.exe -3 -c 'import sys; print(sys.executable)') + $candidates }
    foreach ($candidate in $candidates) {
        if (-not $candidate -or -not (Test-Path -LiteralPath $candidate)) { continue }
        if ($candidate -like "$env:SystemDrive\Users\*" -or $candidate -like '*\WindowsApps\*') { continue }
        & $candidate -c 'import sys; sys.exit(sys.version_info < (3, 11))'
        if ($LASTEXITCODE -eq 0) { return $candidate }
    }
}
$python = Find-Python
if (-not $python -and (Get-Command winget.exe -ErrorAction SilentlyContinue)) {
    Say 'Installing Python 3.12 for all users (winget) ...'
    & winget.exe install --id Python.Python.3.12 --exact --scope machine --silent --accept-package-agreements --accept-source-agreements
    $python = Find-Python
}
if (-not $python) { throw 'Python 3.11 or newer is needed, installed for all users: get it from python.org, tick "Install for all users", then run this script again.' }
Say "Python: `"$python`""

# --- 3. This release, in a folder of its own -------------------------------------------------
# Built into a wheel first: its name gives the version (from git, as on Linux).
$wheels = Join-Path $env:TEMP 'ketamd-kiosk-wheel'
if (Test-Path -LiteralPath $wheels) { Remove-Item -LiteralPath $wheels -Recurse -Force }
$env:GIT_CONFIG_COUNT = '1'; $env:GIT_CONFIG_KEY_0 = 'safe.directory'; $env:GIT_CONFIG_VALUE_0 = '*'
Say 'Building this release ...'
Run $python @('-m', 'pip', 'wheel', '--quiet', '--disable-pip-version-check', '--no-deps', '--wheel-dir', $wheels, $checkout)
$wheel = @(Get-ChildItem -LiteralPath $wheels -Filter 'ketamd_kiosk-*.whl')[0].FullName
$version = (Split-Path $wheel -Leaf).Split('-')[1]
if ($version -like '*unknown*') { throw 'No version found: run this in a git clone of a release, with Git for Windows installed (winget install Git.Git).' }
$target = Join-Path $kioskHome $version
$kioskExe = Join-Path $target 'Scripts\kiosk.exe'
$launcher = Join-Path $target 'Scripts\kiosk-launcher.exe'
if (-not (Test-Path -LiteralPath (Join-Path $target '.installed'))) {
    Say "Installing version $version into `"$target`" (a few minutes) ..."
    if (Test-Path -LiteralPath $target) { Remove-Item -LiteralPath $target -Recurse -Force }  # an interrupted run's
    Run $python @('-m', 'venv', $target)
    $pip = @('-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps')
    # Exactly the bytes in the lock file, as on every kiosk; then the kiosk itself.
    Run (Join-Path $target 'Scripts\python.exe') ($pip + @('--require-hashes', '-r', (Join-Path $checkout 'deploy\requirements.lock')))
    Run (Join-Path $target 'Scripts\python.exe') ($pip + @($wheel))
    Copy-Item -LiteralPath (Join-Path $checkout 'deploy\requirements.lock') -Destination $target
    New-Item -ItemType File -Path (Join-Path $target '.installed') | Out-Null
}
if (-not (Test-Path -LiteralPath $launcher)) { throw "Version $version has no kiosk-launcher.exe: use a newer release." }

# The clinic's content and this kiosk's kiosk.yaml: written the first time only.
$content = Join-Path $kioskHome 'content'
if (-not (Test-Path -LiteralPath $content)) {
    Copy-Item -LiteralPath (Join-Path $checkout 'content') -Destination $content -Recurse
    Say "Copied the sample content to `"$content`": the clinic's to edit from now on."
}
$config = Join-Path $configDir 'kiosk.yaml'
if (-not (Test-Path -LiteralPath $config)) {
    $text = @"
# This kiosk's own settings (docs\alerts.md). Only the kiosk account and administrators
# can read this file: alert addresses may hold passwords.
kiosk_name: $env:COMPUTERNAME

# Where staff alerts go. Until there is an address, patients are sent to the front desk.
# staff_alerts:
#   urls:
#     - ntfys://ntfy.clinic.lan/waiting-room?priority=max
"@
    [IO.File]::WriteAllText($config, $text + "`r`n")
    Say "Wrote `"$config`" (no staff alerts yet)."
}

# Switch to this version only if it accepts the clinic's content (previous.txt: a rollback).
$currentFile = Join-Path $kioskHome 'current.txt'
$current = if (Test-Path -LiteralPath $currentFile) { ([string](Get-Content -LiteralPath $currentFile -TotalCount 1)).Trim() } else { '' }
if ($current -ne $version) {
    Say "Checking the content with version $version ..."
    & $kioskExe validate $content
    if ($LASTEXITCODE -ne 0) { throw "Version $version finds problems in the content (above); nothing switched." }
    if ($current) { [IO.File]::WriteAllText((Join-Path $kioskHome 'previous.txt'), "$current`r`n") }
    [IO.File]::WriteAllText($currentFile, "$version`r`n")
    Say "Version $version is now the current one (it was: $(if ($current) { $current } else { 'none' }))."
}
if (-not (Test-Path -LiteralPath (Join-Path $kioskHome 'staff-pin.json'))) {
    Say 'Type the staff PIN (4 to 12 digits) in the window that opens ...'
    try { [void](Invoke-AsKiosk $kioskExe 'set-pin') } catch { Write-Warning "No staff PIN set ($_): run this script again." }
}

# --- 4. Lockdown ---------------------------------------------------------------------------------
Say 'For the whole PC:'
Set-Reg 'HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\EdgeUI' 'AllowEdgeSwipe' 0
Set-Reg 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\Windows Error Reporting' 'DontShowUI' 1
Set-Reg 'HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\OOBE' 'DisablePrivacyExperience' 1
Set-Reg 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System' 'EnableFirstLogonAnimation' 0
# The kiosk account's own settings (administrators keep Task Manager and the Windows keys):
# in its registry hive, loaded from NTUSER.DAT when it is not signed in.
$hive = "HKEY_USERS\$sid"; $loadedHere = $false; $hiveStuck = $false
if (-not (Test-Path -LiteralPath "Registry::$hive")) {
    $hive = 'HKEY_USERS\KetaMD-kiosk'
    if (-not (Test-Path -LiteralPath "Registry::$hive")) {  # else: left loaded by an earlier run
        Run reg.exe @('load', 'HKU\KetaMD-kiosk', (Join-Path $profileDir 'NTUSER.DAT')) | Out-Null
    }
    $loadedHere = $true
}
Say "For the account '$KioskUser' only:"
try {
    Set-Reg "$hive\Software\Microsoft\Windows\CurrentVersion\Policies\Explorer" 'NoWinKeys' 1
    foreach ($name in 'DisableTaskMgr', 'DisableLockWorkstation', 'DisableChangePassword') {
        Set-Reg "$hive\Software\Microsoft\Windows\CurrentVersion\Policies\System" $name 1
    }
    Set-Reg "$hive\Software\Policies\Microsoft\Windows\Explorer" 'DisableNotificationCenter' 1
    Set-Reg "$hive\Software\Policies\Microsoft\Windows\CurrentVersion\PushNotifications" 'NoToastApplicationNotification' 1
} finally {
    if ($loadedHere) {
        [gc]::Collect(); [gc]::WaitForPendingFinalizers()  # PowerShell lets go of the hive
        & reg.exe unload 'HKU\KetaMD-kiosk' | Out-Null
        $hiveStuck = $LASTEXITCODE -ne 0
        if ($hiveStuck) { Write-Warning 'Could not unload the kiosk account''s settings: restart the PC.' }
    }
}
if (-not $NoAutoLogon) {
    # Windows' own automatic sign-in: these Winlogon values keep the password in PLAIN TEXT,
    # which anyone who can sign in to this PC can read. Sysinternals Autologon stores it
    # encrypted (an LSA secret) and is the better choice: use it, and run with -NoAutoLogon.
    $winlogon = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
    Set-ItemProperty -LiteralPath $winlogon -Name 'AutoAdminLogon' -Value '1'
    Set-ItemProperty -LiteralPath $winlogon -Name 'DefaultUserName' -Value $KioskUser
    Set-ItemProperty -LiteralPath $winlogon -Name 'DefaultDomainName' -Value $env:COMPUTERNAME
    Set-ItemProperty -LiteralPath $winlogon -Name 'DefaultPassword' -Value (Plain $Password)
    Remove-ItemProperty -LiteralPath $winlogon -Name 'AutoLogonCount' -ErrorAction SilentlyContinue
    Say "'$KioskUser' signs in automatically (Winlogon registry values; password in plain text)."
}

Say 'Power: the display and the PC never sleep on mains power; no hibernation.'
Run powercfg.exe @('/change', 'monitor-timeout-ac', '0')
Run powercfg.exe @('/change', 'standby-timeout-ac', '0')
& powercfg.exe /hibernate off
Say 'Clock: Windows Time starts with Windows and sets the clock now.'
Set-Service -Name w32time -StartupType Automatic
Start-Service -Name w32time
& w32tm.exe /resync
if ($LASTEXITCODE -ne 0) { Write-Warning 'The clock could not be set from the network just now: check that this PC reaches its time server (w32tm /query /status).' }

# --- 5. Voices for Read aloud: one per language folder of the content (en, es ...) ---------------
$voiceOf = @{ en = 'en-US'; es = 'es-MX' }
foreach ($pair in @($Voices -split ',' | Where-Object { $_ })) { $voiceOf[$pair.Split('=')[0]] = $pair.Split('=')[1] }
$languages = @(Get-ChildItem -LiteralPath $content -Directory |
    Where-Object { $_.Name -match '^[a-z]{2}$' } | ForEach-Object { $_.Name })
if ($NoVoices) { $languages = @() }
foreach ($language in $languages) {
    if (-not $voiceOf.ContainsKey($language)) {
        Write-Warning "No Windows voice known for '$language': run again with -Voices $language=xx-YY (docs\windows.md)."
        continue
    }
    foreach ($kind in 'TextToSpeech', 'Speech') {
        $name = "Language.$kind~~~$($voiceOf[$language])~0.0.1.0"
        try {
            $capability = Get-WindowsCapability -Online -Name $name
            if (-not $capability) { throw 'Windows does not offer it' }
            if ($capability.State -ne 'Installed') {
                Say "Adding $name (from Windows Update) ..."
                Add-WindowsCapability -Online -Name $name | Out-Null
            }
        } catch {
            Write-Warning "Could not add $name ($_). Read aloud hides for '$language' until a voice is added (docs\windows.md)."
        }
    }
}

# --- 6. The kiosk instead of the desktop -----------------------------------------------------
$edition = (Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion').EditionID
if ($Shell -eq 'Auto') { $Shell = if ($edition -match '^(Enterprise|Education|IoTEnterprise)') { 'ShellLauncher' } else { 'Startup' } }
$shortcut = Join-Path $profileDir 'AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\KetaMD kiosk.lnk'
if ($Shell -eq 'ShellLauncher') {
    # Shell Launcher (Enterprise, Education, IoT Enterprise only; NOT Pro) runs the launcher
    # instead of Explorer for this account alone; everyone else keeps Explorer.
    Enable-WindowsOptionalFeature -Online -FeatureName 'Client-EmbeddedShellLauncher' -All -NoRestart | Out-Null
    try { $wesl = [wmiclass]'\\.\root\standardcimv2\embedded:WESL_UserSetting' }
    catch { throw 'Shell Launcher was just turned on: restart the PC and run this script again.' }
    try { [void]$wesl.RemoveCustomShell($sid) } catch { }  # none set yet
    # The launcher ends for good on status 0 (staff pressed Exit) or 3 (a kiosk already
    # runs): then do nothing (3). Any other end: start it again (0).
    $result = $wesl.SetCustomShell($sid, "`"$launcher`"", [int[]](0, 3), [int[]](3, 3), 0)
    if ($result.ReturnValue -ne 0) { throw "Shell Launcher refused the setting (error $($result.ReturnValue))." }
    [void]$wesl.SetDefaultShell('explorer.exe', 0)
    [void]$wesl.SetEnabled($true)
    if (Test-Path -LiteralPath $shortcut) { Remove-Item -LiteralPath $shortcut }
    Say "Shell Launcher starts `"$launcher`" when '$KioskUser' signs in."
} else {
    # Windows Pro: Explorer stays; the launcher starts from the account's Startup folder.
    # (Single-app Assigned Access runs only Store apps or Edge, not this kiosk; multi-app
    # Assigned Access could, but needs an XML configuration applied through MDM.)
    try { [void]([wmiclass]'\\.\root\standardcimv2\embedded:WESL_UserSetting').RemoveCustomShell($sid) } catch { }
    New-Item -ItemType Directory -Force -Path (Split-Path $shortcut) | Out-Null
    $link = (New-Object -ComObject WScript.Shell).CreateShortcut($shortcut)
    $link.TargetPath = $launcher; $link.WorkingDirectory = $kioskHome; $link.Save()
    Say "`"$shortcut`" starts the kiosk when '$KioskUser' signs in."
}

# --- 7. Check the machine as the kiosk account ---------------------------------------------------
Say "kiosk doctor, as '$KioskUser' (no test alert) ..."
$report = Join-Path $env:TEMP 'ketamd-kiosk-doctor.txt'
$status = -1
try {
    if ($hiveStuck) { throw 'its settings are still loaded' }
    $status = Invoke-AsKiosk $kioskExe 'doctor --no-alert' $report
    Get-Content -LiteralPath $report, "$report.err" -ErrorAction SilentlyContinue | Write-Host
} catch { Write-Warning "Could not run kiosk doctor as '$KioskUser' ($_): after the restart, tap Check this machine in the staff panel." }
$verdict = switch ($status) {
    0 { 'all ok' }
    1 { 'warnings' }
    2 { 'a problem' }
    default { 'not run' }
}
Write-Host ''
Write-Host "Done: version $version is installed for '$KioskUser' (Windows $edition; $Shell; doctor: $verdict)."
Write-Host 'Next:'
Write-Host '  1. Fix what kiosk doctor reports as a problem or a warning (above).'
Write-Host "  2. Staff alerts: notepad `"$config`" (docs\alerts.md)."
Write-Host '  3. Restart the PC: it signs in as the kiosk account and the kiosk starts.'
Write-Host '     Then, in the staff panel: Send test alert, and Check this machine.'
Write-Host '  4. Go through the checklist in docs\windows.md: some things only a person can see.'
