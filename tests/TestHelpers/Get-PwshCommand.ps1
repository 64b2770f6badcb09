# How to start a fresh pwsh like the current one: its apphost if there is one, else 'dotnet pwsh.dll'
# (PowerShell as a local .NET tool has no apphost). Prints the command as an array.
foreach ($name in 'pwsh', 'pwsh.exe') {
    $candidate = Join-Path $PSHOME $name
    if (Test-Path -LiteralPath $candidate -PathType Leaf) { return , @($candidate) }
}
, @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
