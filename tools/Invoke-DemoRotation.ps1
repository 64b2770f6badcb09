<#
.SYNOPSIS
The rotation part of 'build.ps1 -Task Demo' (Invoke-Demo.ps1 calls it): issues a fresh CA-signed chain for 'proxy'
and 'api' into a temporary folder with .NET's own certificate APIs, rotates both with
'Get-ChildItem *.pem | Set-RECertificate -Force', and shows the certificates before and after. Rotating 'api'
changes the certificate the REST API presents; the session pinned the old one and is re-pinned, so it keeps working.
#>
param(
    [Parameter(Mandatory)] $Simulator,
    [Parameter(Mandatory)] [RECertificates.RESession] $Session
)
$ErrorActionPreference = 'Stop'
if (-not (Get-Command New-RETestChain -ErrorAction SilentlyContinue)) {
    Import-Module (Join-Path $PSScriptRoot '../tests/TestHelpers/RECertificates.TestHelpers.psm1')
}

$folder = Join-Path ([IO.Path]::GetTempPath()) ('recert-demo-' + [guid]::NewGuid().ToString('n'))
$null = New-Item -ItemType Directory -Path $folder
try {
    Write-Host "`nIssuing a new chain (root CA -> intermediate CA -> leaf) for 'proxy' and 'api' into $folder ..." -ForegroundColor Cyan
    $cluster = $Session.ClusterName
    $proxy = New-RETestChain -LeafSubject "CN=proxy.$cluster" -DnsName "*.$cluster", "*.internal.$cluster", $cluster
    $api = New-RETestCertificate -Subject "CN=$cluster" -DnsName $cluster, 'localhost' -Issuer $proxy.Intermediate
    $intermediatePem = $proxy.Intermediate.CertificatePem
    Set-Content -LiteralPath (Join-Path $folder 'proxy.pem') -Value $proxy.ChainPem -NoNewline
    Set-Content -LiteralPath (Join-Path $folder 'proxy.key') -Value $proxy.KeyPem -NoNewline
    Set-Content -LiteralPath (Join-Path $folder 'api.pem') -Value ($api.CertificatePem.TrimEnd() + "`n" + $intermediatePem) -NoNewline
    Set-Content -LiteralPath (Join-Path $folder 'api.key') -Value $api.KeyPem -NoNewline
    Get-ChildItem -LiteralPath $folder | Format-Table Name, Length | Out-Host

    Write-Host 'Before:' -ForegroundColor Yellow
    Get-RECertificate api, proxy -Session $Session | Format-Table | Out-Host

    Push-Location -LiteralPath $folder
    try {
        Write-Host "PS $folder> Get-ChildItem *.pem | Set-RECertificate -Force" -ForegroundColor Yellow
        Write-Host '(the keys lie beside the certificates as proxy.key and api.key, so they are found without being piped)'
        Get-ChildItem *.pem | Set-RECertificate -Session $Session -Force -Verbose 4>&1 |
            Where-Object { $_ -isnot [Management.Automation.VerboseRecord] -or $_.Message -like '*pin moved*' -or $_.Message -like 'Sending*' } |
            ForEach-Object { Write-Host "VERBOSE: $($_.Message)" -ForegroundColor DarkGray }
    }
    finally { Pop-Location }

    Write-Host "`nAfter (read through the same session, which now pins the new 'api' certificate $($Session.CertificateThumbprint -join ', ')):" -ForegroundColor Yellow
    Get-RECertificate api, proxy -Session $Session | Format-Table | Out-Host
}
finally {
    Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
}
