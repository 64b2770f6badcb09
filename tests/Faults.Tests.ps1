# How the module behaves when the cluster or the network misbehaves (the simulator injects the faults).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator
    $script:session = Connect-RETestCluster $sim -NoDefault -Extra @{ MaximumRetryCount = 2 }
    $script:port = ([uri]$sim.Url).Port
}

AfterAll {
    $script:sim | Stop-RESimulator
}

Describe 'Faults while reading' {
    BeforeEach {
        Clear-RESimulatorFault $sim
        Clear-RESimulatorRequest $sim
    }

    It 'retries a connection dropped mid-request, and says so in verbose output' {
        Set-RESimulatorFault $sim @{ dropConnections = 1 }
        $verbose = Get-RECertificate api -Session $session -Verbose 4>&1
        ($verbose | Where-Object { $_ -is [RECertificates.RECertificate] }).Name | Should -Be 'api'
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" |
            Should -BeLike '*attempt 1 of 3*connection was lost*retrying in*'
        @(Get-RESimulatorRequest $sim).Count | Should -Be 2
    }

    It 'gives up on a connection that keeps dropping with ConnectionLost' {
        Set-RESimulatorFault $sim @{ dropConnections = 10 }
        Get-RECertificate -Session $session -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionLost,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        @(Get-RESimulatorRequest $sim).Count | Should -Be 3
    }

    It 'retries a 503 and succeeds when the node comes back' {
        Set-RESimulatorFault $sim @{ status = @{ code = 503; count = 2 } }
        (Get-RECertificate api -Session $session).Name | Should -Be 'api'
        (Get-RESimulatorRequest $sim).status | Should -Be @(503, 503, 200)
    }

    It 'reports a lasting 503 as ClusterUnavailable after MaximumRetryCount retries' {
        Set-RESimulatorFault $sim @{ status = @{ code = 503; count = 50 } }
        Get-RECertificate -Session $session -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ClusterUnavailable,*'
        $failures[0].Exception.StatusCode | Should -Be 503
        "$($failures[0])" | Should -BeLike '*after 3 attempt(s)*'
        @(Get-RESimulatorRequest $sim).Count | Should -Be 3
    }

    It 'does not retry a 500 and reports it as a cluster error' {
        Set-RESimulatorFault $sim @{ status = @{ code = 500; count = 5 } }
        Get-RECertificate -Session $session -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ClusterError,*'
        $failures[0].Exception | Should -BeOfType ([RECertificates.REApiException])
        @(Get-RESimulatorRequest $sim).Count | Should -Be 1
    }

    It 'follows a 307 to the same host over https' {
        Set-RESimulatorFault $sim @{ redirect = @{ location = "https://127.0.0.1:$port"; count = 1 } }
        (Get-RECertificate api -Session $session).Name | Should -Be 'api'
        (Get-RESimulatorRequest $sim).status | Should -Be @(307, 200)
        (Get-RESimulatorRequest $sim)[1].user | Should -Be 'admin@example.com'
    }

    It 'never follows a 307 to <Where>, so the credential reaches only the service connected to' -ForEach @(
        @{ Where = 'another host'; TargetHost = 'localhost' }
        @{ Where = 'another port of the same host'; TargetHost = '127.0.0.1' }
    ) {
        $other = Start-RESimulator
        try {
            $otherPort = ([uri]$other.Url).Port
            Set-RESimulatorFault $sim @{ redirect = @{ location = "https://${TargetHost}:$otherPort"; count = 1 } }
            Get-RECertificate -Session $session -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'RedirectRefused,*'
            $failures[0].CategoryInfo.Category | Should -Be 'SecurityError'
            "$($failures[0])" | Should -BeLike "*another host or port*${TargetHost}:$otherPort*"
            @(Get-RESimulatorRequest $other).Count | Should -Be 0
        }
        finally { $other | Stop-RESimulator }
    }

    It 'never downgrades to http on a redirect' {
        Set-RESimulatorFault $sim @{ redirect = @{ location = "http://127.0.0.1:$port"; count = 1 } }
        Get-RECertificate -Session $session -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RedirectRefused,*'
        "$($failures[0])" | Should -BeLike '*not https*'
        @(Get-RESimulatorRequest $sim).Count | Should -Be 1
    }

    It 'reads the error body in every dialect the cluster speaks' -ForEach @(
        @{ Style = 'description'; Expected = '*The cluster said:*' }
        @{ Style = 'message'; Expected = '*The cluster said:*' }
        @{ Style = 'text'; Expected = '*The cluster said:*' }
        @{ Style = 'empty'; Expected = '*answered 500*' }
    ) {
        Set-RESimulatorFault $sim @{ errorBody = $Style; status = @{ code = 500; count = 1 } }
        Get-RECertificate -Session $session -ErrorVariable failures -ErrorAction SilentlyContinue
        "$($failures[0])" | Should -BeLike $Expected
    }
}

Describe 'Cancellation' {
    It 'stops an in-flight request promptly on Ctrl+C (StopProcessing)' {
        Set-RESimulatorFault $sim @{ latencyMs = 60000 }
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddParameter('Name', (Get-RETestPath).Module).AddStatement()
            $null = $shell.AddCommand('Get-RECertificate').AddParameter('Session', $session)
            $async = $shell.BeginInvoke()
            # Let the import finish and the request reach the (slow) cluster; the log shows it only once answered.
            Start-Sleep -Seconds 3
            $async.IsCompleted | Should -BeFalse
            $stopwatch = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $stopwatch.Stop()
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            # Far sooner than the 60 s the cluster would have taken: the request was cancelled, not awaited.
            $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 30
        }
        finally {
            $shell.Dispose()
            Clear-RESimulatorFault $sim
        }
    }
}

Describe 'Login lockout' {
    It 'costs exactly one attempt per bad password, so a typo never locks the user by itself' {
        $locking = Start-RESimulator
        try {
            Clear-RESimulatorRequest $locking
            $bad = [pscredential]::new('admin@example.com', (ConvertTo-SecureString 'typo' -AsPlainText -Force))
            1..5 | ForEach-Object {
                { Connect-RECluster $locking.Url -Credential $bad -CertificateThumbprint $locking.Thumbprint -MaximumRetryCount 5 -ErrorAction Stop } |
                    Should -Throw -ErrorId 'AuthenticationFailed,RECertificates.Commands.ConnectREClusterCommand'
            }
            @(Get-RESimulatorRequest $locking).Count | Should -Be 5
            # After five failures the real cluster locks the user: even the right password is refused now.
            $failure = { Connect-RETestCluster $locking } | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
            $failure.Exception.Message | Should -BeLike '*locked*'
        }
        finally { $locking | Stop-RESimulator }
    }
}
