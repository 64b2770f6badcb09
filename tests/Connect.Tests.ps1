# Connect-RECluster and Disconnect-RECluster against the simulator, over HTTPS.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator
    $script:badCredential = [pscredential]::new('admin@example.com', (ConvertTo-SecureString 'wrong-password' -AsPlainText -Force))
}

AfterAll {
    $script:sim | Stop-RESimulator
}

Describe 'Connect-RECluster' {
    BeforeEach { Clear-RESimulatorRequest $sim }

    It 'connects with a pinned thumbprint and returns a session named after the cluster' {
        $session = Connect-RECluster -Uri $sim.Url -Credential $sim.Credential -CertificateThumbprint $sim.Thumbprint
        $session | Should -BeOfType ([RECertificates.RESession])
        $session.ClusterName | Should -Be 'cluster.local'
        $session.UserName | Should -Be 'admin@example.com'
        $session.CertificateThumbprint | Should -Be @($sim.Thumbprint)
        $session.ToString() | Should -Be "admin@example.com@cluster.local ($($sim.Url)/)"
        $session.ClusterVersion | Should -Be '7.22.2-54'
        # The credential first; the version only once it was accepted.
        $requests = @(Get-RESimulatorRequest $sim)
        $requests.path | Should -Be @('/v1/cluster', '/v1/nodes')
        $requests.status | Should -Be @(200, 200)
    }

    It 'accepts a SHA-256 pin written in lower case with colons' {
        $pin = ($sim.ThumbprintSha256.ToLowerInvariant() -split '(..)' | Where-Object { $_ }) -join ':'
        $session = Connect-RECluster $sim.Url -Credential $sim.Credential -CertificateThumbprint $pin -NoDefault
        $session.ClusterName | Should -Be 'cluster.local'
    }

    It 'assumes https and the port for a bare host' {
        # Nothing listens on 9443 here: the error shows which address was tried.
        { Connect-RECluster 'localhost' -Credential $sim.Credential -TimeoutSec 5 -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*https://localhost:9443/*'
    }

    It 'refuses a certificate the machine does not trust, and says which thumbprint to pin' {
        $failure = { Connect-RECluster $sim.Url -Credential $sim.Credential -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'ServerCertificateNotTrusted,*'
        $failure.CategoryInfo.Category | Should -Be 'SecurityError'
        $failure.Exception | Should -BeOfType ([RECertificates.REApiException])
        $failure.Exception.Message | Should -BeLike "*-CertificateThumbprint $($sim.ThumbprintSha256)*"
        @(Get-RESimulatorRequest $sim).Count | Should -Be 0
    }

    It 'refuses a certificate that does not match the pin' {
        $failure = { Connect-RECluster $sim.Url -Credential $sim.Credential -CertificateThumbprint ('AB' * 20) -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'ServerCertificateNotTrusted,*'
        $failure.Exception.Message | Should -BeLike '*matches none of the pinned thumbprints*'
    }

    It 'connects without verification when asked, and warns once' {
        $session = Connect-RECluster $sim.Url -Credential $sim.Credential -SkipCertificateCheck -NoDefault -WarningVariable warnings -WarningAction SilentlyContinue
        $session.SkipCertificateCheck | Should -BeTrue
        @($warnings).Count | Should -Be 1
        $warnings[0] | Should -BeLike '*not verified*'
        $null = Get-RECertificate -Session $session -WarningVariable later -WarningAction SilentlyContinue
        @($later).Count | Should -Be 0
    }

    It 'sends a bad credential exactly once and never retries a 401' {
        $failure = { Connect-RECluster $sim.Url -Credential $badCredential -CertificateThumbprint $sim.Thumbprint -MaximumRetryCount 5 -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failure.Exception.StatusCode | Should -Be 401
        $failure.Exception.Message | Should -Not -BeLike '*wrong-password*'
        $requests = @(Get-RESimulatorRequest $sim)
        $requests.Count | Should -Be 1
        $requests[0].status | Should -Be 401
        $null = Invoke-RESimulatorControl $sim 'unlock' -Method POST
    }

    It 'sends the credential pre-emptively (no unauthenticated round trip)' {
        $null = Connect-RETestCluster $sim -NoDefault
        $requests = @(Get-RESimulatorRequest $sim)
        $requests.Count | Should -Be 2
        $requests.user | Should -Be @('admin@example.com', 'admin@example.com')
    }

    It 'refuses plain http before sending anything' {
        $failure = { Connect-RECluster ($sim.Url -replace '^https', 'http') -Credential $sim.Credential -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidUri,*'
        $failure.Exception.Message | Should -BeLike '*does not use https*'
    }

    It 'refuses -SkipCertificateCheck together with -CertificateThumbprint' {
        $failure = { Connect-RECluster $sim.Url -Credential $sim.Credential -SkipCertificateCheck -CertificateThumbprint $sim.Thumbprint } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'ParameterConflict,*'
    }

    It 'refuses a malformed thumbprint' {
        { Connect-RECluster $sim.Url -Credential $sim.Credential -CertificateThumbprint 'not-a-thumbprint' } |
            Should -Throw -ErrorId 'InvalidThumbprint,RECertificates.Commands.ConnectREClusterCommand'
    }

    It 'reports an unreachable host as a connection error' {
        $failure = { Connect-RECluster 'https://127.0.0.1:1' -Credential $sim.Credential -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'ClusterUnreachable,*'
        $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'makes the session the default unless -NoDefault' {
        $first = Connect-RETestCluster $sim
        $second = Connect-RETestCluster $sim -NoDefault
        Clear-RESimulatorRequest $sim
        $null = Get-RECertificate
        Disconnect-RECluster -Session $second
        # Disconnecting another session leaves the default alone.
        { Get-RECertificate } | Should -Not -Throw
        Disconnect-RECluster
        $first.IsConnected | Should -BeFalse
        { Get-RECertificate } | Should -Throw -ErrorId 'NoSession,RECertificates.Commands.GetRECertificateCommand'
    }

    It 'refuses to use a session after it was disconnected' {
        $session = Connect-RETestCluster $sim -NoDefault
        $session | Disconnect-RECluster
        Get-RECertificate -Session $session -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'SessionClosed,*'
    }
}

Describe 'Connect-RECluster error answers' {
    It 'reports a non-JSON answer clearly' {
        $other = Start-RESimulator -ArgumentList '--fault-status', '500:1', '--error-body', 'text'
        try {
            $failure = { Connect-RETestCluster $other } | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -BeLike 'ClusterError,*'
            $failure.Exception.StatusCode | Should -Be 500
        }
        finally { $other | Stop-RESimulator }
    }

    It 'reports a role that may not read the cluster (403) as a permission error' {
        Set-RESimulatorFault $sim @{ status = @{ code = 403; count = 1 } }
        try {
            $failure = { Connect-RETestCluster $sim } | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -BeLike 'PermissionDenied,*'
            $failure.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $failure.Exception.Message | Should -BeLike '*view_cluster_info*'
        }
        finally { Clear-RESimulatorFault $sim }
    }

    It 'times out clearly when the cluster is slower than -TimeoutSec' {
        Set-RESimulatorFault $sim @{ latencyMs = 4000 }
        try {
            $elapsed = Measure-Command {
                $failure = { Connect-RETestCluster $sim -Extra @{ TimeoutSec = 1 } } | Should -Throw -PassThru
                $failure.FullyQualifiedErrorId | Should -BeLike 'RequestTimedOut,*'
                $failure.CategoryInfo.Category | Should -Be 'OperationTimeout'
            }
            # No hang: the deadline, not the latency, decides.
            $elapsed.TotalSeconds | Should -BeLessThan 3.9
        }
        finally { Clear-RESimulatorFault $sim }
    }
}
