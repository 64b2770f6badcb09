# Lost answers: a write whose answer never comes back is resolved by reading the certificates back, never by
# sending it again blindly, and the HTTP stack itself never re-sends a write. Every test counts the writes the
# simulator received.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator
    $script:session = Connect-RETestCluster $sim -Extra @{ MaximumRetryCount = 2; TimeoutSec = 4 }
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("recert-outcomes-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $dir
    $script:ca = New-RETestCertificate -Subject 'CN=Outcome Test CA' -CertificateAuthority
    $script:ldap = New-RETestCertificate -Subject 'CN=ldap.cluster.local' -DnsName 'ldap.cluster.local'

    function script:New-Proxy {
        $leaf = New-RETestCertificate -Subject 'CN=proxy.cluster.local' -DnsName 'proxy.cluster.local' -Issuer $ca
        [pscustomobject]@{ Thumbprint = $leaf.Thumbprint; Path = (Write-RETestPem $dir proxy.pem ($leaf.CertificatePem + $ca.CertificatePem + $leaf.KeyPem)) }
    }
    function script:Get-Writes { @(Get-RESimulatorRequest $sim -Write) }
    function script:Get-VerboseText($Output) { ($Output | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message -join "`n" }
}

AfterAll {
    $script:sim | Stop-RESimulator
    Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A write whose answer is lost' {
    BeforeEach {
        Clear-RESimulatorFault $sim
        Clear-RESimulatorRequest $sim
    }

    It 'reports success with exactly one write sent when the cluster applied it before the connection dropped' {
        $proxy = New-Proxy
        Set-RESimulatorFault $sim @{ dropAfterWrite = @{ count = 1; method = 'PUT' } }
        $output = Set-RECertificate $proxy.Path -Force -Verbose -ErrorVariable failures -WarningAction SilentlyContinue 4>&1
        $failures.Count | Should -Be 0
        (Get-Writes).Count | Should -Be 1
        (Get-Writes)[0].status | Should -Be 0   # the simulator dropped it: no answer went out
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
        Get-VerboseText $output | Should -BeLike '*was applied, though its answer was lost*'
    }

    It 'sends a write that the cluster did not apply once more, and only once' {
        $proxy = New-Proxy
        Set-RESimulatorFault $sim @{ dropBeforeWrite = @{ count = 1; method = 'PUT' } }
        $output = Set-RECertificate $proxy.Path -Force -Verbose -ErrorVariable failures -WarningAction SilentlyContinue 4>&1
        $failures.Count | Should -Be 0
        (Get-Writes).status | Should -Be @(0, 200)
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
        Get-VerboseText $output | Should -BeLike '*did not apply*sending it once more*'
    }

    It 'waits for the REST API that a certificate change made unreachable, then reads back' {
        $proxy = New-Proxy
        Set-RESimulatorFault $sim @{ dropAfterWrite = @{ count = 1; method = 'PUT'; unreachableSeconds = 2 } }
        Set-RECertificate $proxy.Path -Force -ErrorVariable failures -WarningAction SilentlyContinue
        $failures.Count | Should -Be 0
        (Get-Writes).Count | Should -Be 1
        @(Get-RESimulatorRequest $sim | Where-Object { $_.method -eq 'GET' -and $_.status -eq 0 }).Count | Should -BeGreaterThan 0
    }

    It 'reports OutcomeUnknown, naming the certificate, when the API does not come back within -TimeoutSec' {
        $proxy = New-Proxy
        Set-RESimulatorFault $sim @{ dropAfterWrite = @{ count = 1; method = 'PUT'; unreachableSeconds = 30 } }
        $elapsed = Measure-Command {
            Set-RECertificate $proxy.Path -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
        }
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'OutcomeUnknown,RECertificates.Commands.SetRECertificateCommand'
        "$($failures[0])" | Should -BeLike "*'proxy'*did not answer again within 4 seconds*Get-RECertificate*"
        (Get-Writes).Count | Should -Be 1
        $elapsed.TotalSeconds | Should -BeLessThan 25
        # No reminder for a change nobody knows happened.
        $warnings | Where-Object { "$_" -like '*crdb-cli*' } | Should -BeNullOrEmpty
    }

    It 'stops waiting for the REST API at once on Ctrl+C' {
        $patient = Connect-RETestCluster $sim -NoDefault -Extra @{ TimeoutSec = 300 }
        $proxy = New-Proxy
        Set-RESimulatorFault $sim @{ dropAfterWrite = @{ count = 1; method = 'PUT'; unreachableSeconds = 300 } }
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddParameter('Name', (Get-RETestPath).Module).AddStatement()
            $null = $shell.AddCommand('Set-RECertificate').AddParameter('LiteralPath', $proxy.Path).AddParameter('Session', $patient).AddParameter('Force', $true)
            $async = $shell.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (@(Get-Writes).Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
            Start-Sleep -Seconds 2
            $async.IsCompleted | Should -BeFalse   # waiting for the API, up to 300 s
            $stopwatch = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $stopwatch.Stop()
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 15
            (Get-Writes).Count | Should -Be 1
        }
        finally {
            $shell.Dispose()
            Clear-RESimulatorFault $sim
        }
    }

    It 'reports a DELETE whose certificate is gone afterwards as removed, with exactly one DELETE' {
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = $ldap.CertificatePem; ldap_client_key = $ldap.KeyPem }
        Clear-RESimulatorRequest $sim
        Set-RESimulatorFault $sim @{ dropAfterWrite = @{ count = 1; method = 'DELETE' } }
        Remove-RECertificate ldap_client -Force -ErrorVariable failures
        $failures.Count | Should -Be 0
        @(Get-Writes | Where-Object method -eq 'DELETE').Count | Should -Be 1
        (Get-RESimulatorState $sim)[0].certificates.PSObject.Properties.Name | Should -Not -Contain 'ldap_client'
    }

    It 'exits zero from a scheduled task whose removal succeeded though its answer was lost' {
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = $ldap.CertificatePem; ldap_client_key = $ldap.KeyPem }
        Clear-RESimulatorRequest $sim
        Set-RESimulatorFault $sim @{ dropAfterWrite = @{ count = 1; method = 'DELETE' } }
        $password = $sim.Credential.GetNetworkCredential().Password
        $result = Invoke-FreshPwsh -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module `$env:RECERT_MODULE_PATH
`$credential = [pscredential]::new('$($sim.Credential.UserName)', (ConvertTo-SecureString '$password' -AsPlainText -Force))
`$null = Connect-RECluster '$($sim.Url)' -Credential `$credential -CertificateThumbprint $($sim.Thumbprint)
Remove-RECertificate ldap_client -Force
"@
        $result.ExitCode | Should -Be 0 -Because $result.ErrorOutput
        @(Get-Writes | Where-Object method -eq 'DELETE').Count | Should -Be 1
    }
}
