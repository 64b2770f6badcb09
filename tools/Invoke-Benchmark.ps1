<#
.SYNOPSIS
The benchmark behind 'build.ps1 -Task Bench'. Every comparison runs side by side in this one invocation, so the
ratios hold on a shared, noisy machine even when the absolute times do not. Prints a table of medians, ratios,
targets and pass/miss marks, and writes it as JSON.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [int] $Repeat = 5
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/TestHelpers/RECertificates.TestHelpers.psm1') -Force
Import-Module $ModulePath -Force
$ModulePath = (Resolve-Path $ModulePath).Path

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count % 2) { return $sorted[[int][Math]::Floor($sorted.Count / 2)] }
    ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2
}

function Measure-Milliseconds([scriptblock] $Script) {
    $stopwatch = [Diagnostics.Stopwatch]::StartNew()
    & $Script
    $stopwatch.Stop()
    $stopwatch.Elapsed.TotalMilliseconds
}

function Measure-FreshProcess([string] $Command, [hashtable] $Environment = @{}) {
    # One fresh 'pwsh -NoProfile', timed from start to exit.
    $pwsh = Get-PwshCommand
    $start = [Diagnostics.ProcessStartInfo]::new($pwsh[0])
    foreach ($part in @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $Command)) { $start.ArgumentList.Add($part) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = [string]$Environment[$name] }
    $stopwatch = [Diagnostics.Stopwatch]::StartNew()
    $process = [Diagnostics.Process]::Start($start)
    $errors = $process.StandardError.ReadToEndAsync()
    $null = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    $stopwatch.Stop()
    if ($process.ExitCode -ne 0) { throw "The measured process failed ($($process.ExitCode)): $($errors.Result)" }
    $stopwatch.Elapsed.TotalMilliseconds
}

Add-Type -TypeDefinition @'
using System;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

// The floor: what one reused HttpClient needs to fetch the same JSON, with nothing parsed.
public static class RECertificatesBenchFloor
{
    public static double Run(string url, string user, string password, int count)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (m, c, ch, e) => true };
        using var client = new HttpClient(handler);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        client.GetStringAsync(url).GetAwaiter().GetResult();
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            client.GetStringAsync(url).GetAwaiter().GetResult();
        }
        return stopwatch.Elapsed.TotalMilliseconds;
    }
}
'@

$results = [Collections.Generic.List[object]]::new()
function Add-Result([string] $Name, [double] $Value, [string] $Unit, [string] $Baseline, [double] $Ratio, [string] $Target, [bool] $Met, [string] $Note = '') {
    $results.Add([pscustomobject]@{ Benchmark = $Name; Median = [Math]::Round($Value, 2); Unit = $Unit; Baseline = $Baseline; Ratio = if ($Ratio) { [Math]::Round($Ratio, 2) } else { $null }; Target = $Target; Result = if ($Met) { 'pass' } else { 'MISS' }; Note = $Note })
}

$simulator = Start-RESimulator
try {
    $password = 'Passw0rd!'
    $url = "$($simulator.Url)/v1/cluster/certificates"

    # Import: a fresh pwsh that imports the module against one that does nothing, interleaved. A reference says what
    # bounds it: a binary module of one trivial cmdlet with one format view pays PowerShell's own first-import costs
    # (module analysis, cmdlet discovery, the format loader) and nothing else; the rest is the module's own share.
    Write-Host 'Import (10 fresh processes each) ...' -ForegroundColor Cyan
    $reference = Join-Path ([IO.Path]::GetTempPath()) ('recert-bench-tiny-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $reference
    Add-Type -OutputAssembly (Join-Path $reference 'Tiny.dll') -OutputType Library -TypeDefinition @"
using System.Management.Automation;
[Cmdlet(VerbsCommon.Get, "Tiny")]
public sealed class GetTinyCommand : PSCmdlet { [Parameter] public string Name { get; set; } protected override void ProcessRecord() { WriteObject(Name); } }
"@
    Set-Content (Join-Path $reference 'Tiny.psd1') "@{ ModuleVersion = '1.0'; RootModule = 'Tiny.dll'; CmdletsToExport = @('Get-Tiny'); FormatsToProcess = @('Tiny.format.ps1xml') }"
    Set-Content (Join-Path $reference 'Tiny.format.ps1xml') ('<Configuration><ViewDefinitions><View><Name>Tiny</Name><ViewSelectedBy><TypeName>Tiny</TypeName></ViewSelectedBy>' +
        '<TableControl><TableHeaders><TableColumnHeader /></TableHeaders><TableRowEntries><TableRowEntry><TableColumnItems><TableColumnItem><PropertyName>Name</PropertyName>' +
        '</TableColumnItem></TableColumnItems></TableRowEntry></TableRowEntries></TableControl></View></ViewDefinitions></Configuration>')
    $nothing = @(); $import = @(); $tiny = @()
    try {
        for ($i = 0; $i -lt 10; $i++) {
            $nothing += Measure-FreshProcess 'exit 0'
            $import += Measure-FreshProcess "Import-Module '$ModulePath'; exit 0"
            $tiny += Measure-FreshProcess "Import-Module '$reference/Tiny.psd1'; exit 0"
        }
    }
    finally { Remove-Item -LiteralPath $reference -Recurse -Force -ErrorAction SilentlyContinue }
    $base = Get-Median $nothing
    $importOverhead = (Get-Median $import) - $base
    $powerShellPart = (Get-Median $tiny) - $base
    Add-Result 'Import overhead' $importOverhead 'ms' ("pwsh alone {0:N0} ms" -f $base) ((Get-Median $import) / $base) '<= 150 ms' ($importOverhead -le 150) `
        ("PowerShell's own part (any binary module with a format file): {0:N0} ms" -f $powerShellPart)
    Add-Result "Import: the module's own share" ($importOverhead - $powerShellPart) 'ms' 'a one-cmdlet binary module with one view' 0 'reported' $true

    # First call: what a scheduled task pays on every run.
    Write-Host 'First call (5 fresh processes) ...' -ForegroundColor Cyan
    $environment = @{ RECERT_BENCH_URL = $simulator.Url; RECERT_BENCH_PIN = $simulator.Thumbprint; RECERT_BENCH_PASSWORD = $password }
    $firstCall = 1..5 | ForEach-Object {
        Measure-FreshProcess ("Import-Module '$ModulePath'; " +
            '$c = [pscredential]::new(''admin@example.com'', (ConvertTo-SecureString $env:RECERT_BENCH_PASSWORD -AsPlainText -Force)); ' +
            '$null = Connect-RECluster $env:RECERT_BENCH_URL -Credential $c -CertificateThumbprint $env:RECERT_BENCH_PIN; $null = Get-RECertificate; exit 0') $environment
    }
    Add-Result 'First call (import, connect, get)' (Get-Median $firstCall) 'ms' ("pwsh alone {0:N0} ms" -f (Get-Median $nothing)) ((Get-Median $firstCall) / (Get-Median $nothing)) 'reported' $true

    # Steady state: 500 calls on one session, against Invoke-RestMethod and against the floor.
    Write-Host "Steady state (500 calls, $Repeat rounds) ..." -ForegroundColor Cyan
    $session = Connect-RETestCluster $simulator -NoDefault
    $credential = $simulator.Credential
    1..20 | ForEach-Object { $null = Get-RECertificate -Session $session; $null = Invoke-RestMethod $url -Credential $credential -Authentication Basic -SkipCertificateCheck }
    $module = @(); $rest = @(); $floor = @()
    for ($round = 0; $round -lt $Repeat; $round++) {
        $module += Measure-Milliseconds { for ($i = 0; $i -lt 500; $i++) { $null = Get-RECertificate -Session $session } }
        $rest += Measure-Milliseconds { for ($i = 0; $i -lt 500; $i++) { $null = Invoke-RestMethod $url -Credential $credential -Authentication Basic -SkipCertificateCheck } }
        $floor += [RECertificatesBenchFloor]::Run($url, 'admin@example.com', $password, 500)
    }
    # Memory: working set before and after 500 more calls of the module alone, each side after a full collection.
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $workingSetBefore = [Diagnostics.Process]::GetCurrentProcess().WorkingSet64
    for ($i = 0; $i -lt 500; $i++) { $null = Get-RECertificate -Session $session }
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $workingSetGrowth = ([Diagnostics.Process]::GetCurrentProcess().WorkingSet64 - $workingSetBefore) / 1MB
    $moduleMedian = Get-Median $module
    Add-Result 'Steady state vs Invoke-RestMethod' $moduleMedian 'ms/500' ("Invoke-RestMethod {0:N0} ms" -f (Get-Median $rest)) ($moduleMedian / (Get-Median $rest)) '<= 0.5x' (($moduleMedian / (Get-Median $rest)) -le 0.5)
    Add-Result 'Steady state vs HttpClient floor' $moduleMedian 'ms/500' ("HttpClient loop {0:N0} ms" -f (Get-Median $floor)) ($moduleMedian / (Get-Median $floor)) '<= 2x' (($moduleMedian / (Get-Median $floor)) -le 2)
    Add-Result 'Memory growth over 500 calls' $workingSetGrowth 'MB' 'working set, after the timed rounds' 0 '<= 20 MB' ($workingSetGrowth -le 20)

    # Fleet: 50 sessions, 200 ms each; one fan-out against one call after another.
    Write-Host 'Fleet (50 sessions, 200 ms latency) ...' -ForegroundColor Cyan
    $all = 1..50 | ForEach-Object { Connect-RETestCluster $simulator -NoDefault }
    Set-RESimulatorFault $simulator @{ latencyMs = 200 }
    $fanOut = 1..$Repeat | ForEach-Object { Measure-Milliseconds { $null = Get-RECertificate -Session $all } }
    $sequential = Measure-Milliseconds { foreach ($one in $all) { $null = Get-RECertificate -Session $one } }
    Clear-RESimulatorFault $simulator
    $all | Disconnect-RECluster
    Add-Result 'Fleet of 50 clusters' (Get-Median $fanOut) 'ms' ("sequential {0:N0} ms" -f $sequential) ((Get-Median $fanOut) / $sequential) '<= 1500 ms' ((Get-Median $fanOut) -le 1500)

    # Fleets of the third round: 100 clusters listed (goal: under 1 s, which the default -ThrottleLimit of 100 is
    # chosen for), and the unattended renewal's -WhatIf over 50 (read every cluster, select what is due, call no
    # issuer), each beside the same calls one cluster after another. 100 connections to one simulator on loopback.
    Write-Host 'Fleet of 100 and renewal -WhatIf over 50 (200 ms latency) ...' -ForegroundColor Cyan
    $hundred = 1..100 | ForEach-Object { Connect-RETestCluster $simulator -NoDefault }
    $fifty = $hundred[0..49]
    $notCalled = { throw 'the issuer is not called under -WhatIf' }
    Set-RESimulatorFault $simulator @{ latencyMs = 200 }
    $null = Get-RECertificate -Session $hundred
    $fanOut100 = 1..$Repeat | ForEach-Object { Measure-Milliseconds { $null = Get-RECertificate -Session $hundred } }
    $sequential100 = Measure-Milliseconds { foreach ($one in $hundred) { $null = Get-RECertificate -Session $one } }
    $renewal50 = 1..$Repeat | ForEach-Object { Measure-Milliseconds { $null = Invoke-RECertificateRenewal -Session $fifty -Issuer $notCalled -WhatIf } }
    $renewalSequential = Measure-Milliseconds { foreach ($one in $fifty) { $null = Invoke-RECertificateRenewal -Session $one -Issuer $notCalled -WhatIf } }
    Clear-RESimulatorFault $simulator
    $hundred | Disconnect-RECluster
    Add-Result 'Fleet of 100 clusters' (Get-Median $fanOut100) 'ms' ("sequential {0:N0} ms" -f $sequential100) ((Get-Median $fanOut100) / $sequential100) '< 1000 ms' ((Get-Median $fanOut100) -lt 1000)
    Add-Result 'Renewal -WhatIf over 50 clusters' (Get-Median $renewal50) 'ms' ("sequential {0:N0} ms" -f $renewalSequential) ((Get-Median $renewal50) / $renewalSequential) 'reported' $true

    # Validation: 200 certificate/key pairs.
    Write-Host 'Validation (200 pairs) ...' -ForegroundColor Cyan
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('recert-bench-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $folder
    try {
        # One key for all: making 200 RSA keys would measure key generation, not validation.
        $key = [Security.Cryptography.RSA]::Create(2048)
        $keyPem = $key.ExportPkcs8PrivateKeyPem()
        for ($i = 0; $i -lt 200; $i++) {
            $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new("CN=bench$i.example.com", $key, 'SHA256', [Security.Cryptography.RSASignaturePadding]::Pkcs1)
            $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(200))
            Set-Content -LiteralPath (Join-Path $folder "bench_$i.pem") -Value ($certificate.ExportCertificatePem() + "`n" + $keyPem) -NoNewline
        }
        $files = Get-ChildItem -LiteralPath $folder -Filter *.pem
        if (Get-Command Test-RECertificate -Module RECertificates -ErrorAction SilentlyContinue) {
            $null = $files | Test-RECertificate -WarningAction SilentlyContinue
            $perPair = 1..$Repeat | ForEach-Object { (Measure-Milliseconds { $null = $files | Test-RECertificate -WarningAction SilentlyContinue }) / 200 }
            Add-Result 'Validation per pair' (Get-Median $perPair) 'ms' 'Test-RECertificate, 200 pairs' 0 '< 2 ms' ((Get-Median $perPair) -lt 2)
        }
        else {
            Add-Result 'Validation per pair' 0 'ms' 'Test-RECertificate not built' 0 '< 2 ms' $false 'not measured'
        }
    }
    finally { Remove-Item -LiteralPath $folder -Recurse -Force }

    # What every node serves: 3 clusters of 3 nodes, 4 endpoints a node (api, cm, metrics_exporter, proxy), read by
    # one Get-REServedCertificate against 'openssl s_client' run node by node, as an operator checks by hand.
    Write-Host 'Served certificates (3 clusters x 3 nodes x 4 endpoints) ...' -ForegroundColor Cyan
    $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); $probe.Start(); $metricsPort = $probe.LocalEndpoint.Port; $probe.Stop()
    # Each cluster on addresses of its own (127.0.0.1-3, .11-13, .21-23), so all share one metrics port as real ones do.
    $fleet = @(1, 11, 21 | ForEach-Object { Start-RESimulator -ArgumentList '--nodes', '3', '--address-base', "$_", '--metrics-port', "$metricsPort" })
    try {
        $sessions = @($fleet | ForEach-Object { Connect-RETestCluster $_ -NoDefault })
        $ports = @{ metrics_exporter = $metricsPort }
        $endpoints = @(Get-REServedCertificate -Session $sessions -Port $ports)
        $unread = @($endpoints | Where-Object Error).Count
        $served = 1..$Repeat | ForEach-Object { Measure-Milliseconds { $null = Get-REServedCertificate -Session $sessions -Port $ports } }
        $openssl = Get-Command openssl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($openssl) {
            $byHand = 1..3 | ForEach-Object {
                Measure-Milliseconds {
                    foreach ($endpoint in $endpoints) {
                        $null = '' | & $openssl.Source s_client -connect "$($endpoint.Address):$($endpoint.Port)" 2>$null | & $openssl.Source x509 -noout -fingerprint -sha1 -enddate 2>$null
                    }
                }
            }
            $ratio = (Get-Median $served) / (Get-Median $byHand)
            Add-Result 'Served certificates, 36 endpoints' (Get-Median $served) 'ms' ("openssl s_client node by node {0:N0} ms" -f (Get-Median $byHand)) $ratio '<= 0.1x (10x faster)' ($ratio -le 0.1) `
                ("{0} endpoints, {1} unread" -f $endpoints.Count, $unread)
        }
        else {
            Add-Result 'Served certificates, 36 endpoints' (Get-Median $served) 'ms' 'openssl not found' 0 '<= 0.1x (10x faster)' $false 'not compared'
        }
        $sessions | Disconnect-RECluster
    }
    finally { $fleet | Stop-RESimulator }
    # Issue 23: ordering a chain checked a signature for every pair (600 certificates under one subject took 21 s).
    # The worst case that is still read: the most certificates an input may hold (100), one subject, no key
    # identifiers, the first certificate signed by another key, so the order is searched among all of them.
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('recert-bench-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $folder
    try {
        $key = [Security.Cryptography.RSA]::Create(2048)
        $stranger = [Security.Cryptography.RSA]::Create(2048)
        $pem = [Text.StringBuilder]::new()
        for ($i = 0; $i -lt 100; $i++) {
            $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=same.example.com', ($i -eq 0 ? $stranger : $key), 'SHA256', [Security.Cryptography.RSASignaturePadding]::Pkcs1)
            $null = $pem.Append($request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1 - $i), [DateTimeOffset]::UtcNow.AddDays(200)).ExportCertificatePem()).Append("`n")
        }
        $path = Join-Path $folder 'proxy.pem'
        Set-Content -LiteralPath $path -Value $pem.ToString() -NoNewline
        $null = Test-RECertificate -Path $path -WarningAction SilentlyContinue
        $ordering = 1..$Repeat | ForEach-Object { Measure-Milliseconds { $null = Test-RECertificate -Path $path -WarningAction SilentlyContinue } }
        Add-Result 'Chain ordering at the size limit' (Get-Median $ordering) 'ms' '100 certificates, one subject' 0 '< 1000 ms' ((Get-Median $ordering) -lt 1000)
    }
    finally { Remove-Item -LiteralPath $folder -Recurse -Force }
}
finally {
    $simulator | Stop-RESimulator
}

$results | Format-Table -AutoSize | Out-String -Width 220 | Out-Host
[pscustomobject]@{
    Date    = (Get-Date).ToString('o')
    Machine = "$([Environment]::ProcessorCount) cores, $([Runtime.InteropServices.RuntimeInformation]::OSDescription)"
    PowerShell = $PSVersionTable.PSVersion.ToString()
    Results = $results
} | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $OutputPath -Encoding utf8
Write-Host "Written to $OutputPath"
