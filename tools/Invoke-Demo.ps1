<#
.SYNOPSIS
The demo behind 'build.ps1 -Task Demo': starts the cluster simulator, connects the way an operator would
(pinning the cluster's own certificate), shows the certificates with their expiry, and stops the simulator.
#>
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/TestHelpers/RECertificates.TestHelpers.psm1') -Force
Import-Module $ModulePath -Force

Write-Host 'Starting the cluster simulator (a stand-in for a Redis Enterprise cluster) ...' -ForegroundColor Cyan
$simulator = Start-RESimulator -ClusterName 'demo.cluster.local'
try {
    Write-Host "Listening at $($simulator.Url); its 'api' certificate has thumbprint $($simulator.Thumbprint)."
    Write-Host "`nConnect-RECluster $($simulator.Url) -Credential `$credential -CertificateThumbprint $($simulator.Thumbprint)" -ForegroundColor Yellow
    $session = Connect-RECluster $simulator.Url -Credential $simulator.Credential -CertificateThumbprint $simulator.Thumbprint
    $session | Format-Table | Out-Host

    Write-Host 'Get-RECertificate' -ForegroundColor Yellow
    Get-RECertificate | Format-Table | Out-Host

    $rotation = Join-Path $PSScriptRoot 'Invoke-DemoRotation.ps1'
    if (Test-Path $rotation) { & $rotation -Simulator $simulator -Session $session }

    Disconnect-RECluster
}
finally {
    $simulator | Stop-RESimulator
    Write-Host 'Simulator stopped.' -ForegroundColor Cyan
}
