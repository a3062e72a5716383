@echo off
rem Start the KetaMD kiosk and start it again whenever it stops.
rem Put a shortcut to this file in shell:startup (see deploy\README.md).
:loop
"%LOCALAPPDATA%\ketamd-kiosk\venv\Scripts\kiosk.exe"
timeout /t 2 /nobreak >nul
goto loop
