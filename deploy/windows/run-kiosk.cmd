@echo off
rem Starts the KetaMD kiosk and starts it again whenever it fails, logging each stop.
rem Run at sign-in from the Startup folder or by Shell Launcher (see deploy\README.md).
rem
rem The version that runs is the folder named in current.txt; an update installs a new
rem folder beside it and rewrites current.txt (previous.txt keeps the one before), so a
rem rollback is one line. Every path is in quotes: a user name may contain spaces.
setlocal EnableExtensions
set "HOME_DIR=%LOCALAPPDATA%\ketamd-kiosk"
set "CONTENT=%HOME_DIR%\content"
set "LOG_DIR=%HOME_DIR%\Logs"
if not exist "%LOG_DIR%" mkdir "%LOG_DIR%"

:loop
set "VERSION="
if exist "%HOME_DIR%\current.txt" set /p VERSION=<"%HOME_DIR%\current.txt"
if not defined VERSION (
    >>"%LOG_DIR%\run-kiosk.log" echo %DATE% %TIME% no version named in "%HOME_DIR%\current.txt"
    timeout /t 30 /nobreak >nul
    goto loop
)
"%HOME_DIR%\%VERSION%\Scripts\kiosk.exe" --content "%CONTENT%"
set "STATUS=%ERRORLEVEL%"
rem The redirection first: "status 1>>file" would redirect handle 1 and drop the digit.
>>"%LOG_DIR%\run-kiosk.log" echo %DATE% %TIME% kiosk %VERSION% stopped with status %STATUS%
rem 0: staff closed it from the staff panel. 3: another kiosk already runs for this user.
if "%STATUS%"=="0" goto :eof
if "%STATUS%"=="3" goto :eof
rem Anything else is a failure: start again after a pause, so that a fault cannot spin.
timeout /t 5 /nobreak >nul
goto loop
