# How to start a fresh pwsh like the current one: its apphost if there is one, else 'dotnet pwsh.dll'
# (PowerShell as a local .NET tool has no apphost). Prints the command as an array.
# Under Windows PowerShell 5.1 (CI runs build.ps1 with powershell.exe too) the tests still run in PowerShell 7: the
# repository's local tool, which 'dotnet pwsh' finds from the repository (build.ps1 starts it from the root).
if ($PSVersionTable.PSEdition -eq 'Desktop') { return , @('dotnet', 'pwsh') }
foreach ($name in 'pwsh', 'pwsh.exe') {
    $candidate = Join-Path $PSHOME $name
    if (Test-Path -LiteralPath $candidate -PathType Leaf) { return , @($candidate) }
}
, @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
