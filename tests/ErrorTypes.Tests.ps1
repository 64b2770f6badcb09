# What a script's catch [...] meets: REApiException for the cluster's answers only, standard .NET and PowerShell
# exception types for what the module finds itself (no session, a missing file, a bad argument, its own refusals).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator

    # Runs the block and says which catch clause took its failure, the way a script would write it.
    function script:Get-CaughtBy([scriptblock] $Block) {
        try {
            & $Block
            return [pscustomobject]@{ Clause = 'none'; Error = $null }
        }
        catch [RECertificates.REApiException] {
            return [pscustomobject]@{ Clause = 'REApiException'; Error = $_ }
        }
        catch {
            return [pscustomobject]@{ Clause = 'other'; Error = $_ }
        }
    }

    # A local failure: outside catch [REApiException], of the standard type, with its ErrorId and category unchanged.
    function script:Assert-LocalFailure($Caught, [type] $Type, [string] $ErrorId, [string] $Category) {
        $Caught.Clause | Should -Be 'other'
        $Caught.Error.Exception | Should -BeOfType $Type
        $Caught.Error.Exception | Should -Not -BeOfType ([RECertificates.REApiException])
        $Caught.Error.FullyQualifiedErrorId | Should -Be $ErrorId
        $Caught.Error.CategoryInfo.Category | Should -Be $Category
    }
}

AfterAll {
    $script:sim | Stop-RESimulator
}

Describe 'Local failures are not REApiException' {
    It 'reports no session as an InvalidOperationException, outside catch [REApiException]' {
        # Another test file of the same run may have left a default session: close it, so that none is usable.
        Disconnect-RECluster -ErrorAction SilentlyContinue
        $caught = Get-CaughtBy { Get-RECertificate }
        Assert-LocalFailure $caught ([System.InvalidOperationException]) 'NoSession,RECertificates.Commands.GetRECertificateCommand' 'ConnectionError'
        "$($caught.Error)" | Should -BeLike 'There is no cluster session. Run Connect-RECluster first*'
    }

    It 'reports contradictory parameters as an ArgumentException' {
        $caught = Get-CaughtBy { Connect-RECluster $sim.Url -Credential $sim.Credential -SkipCertificateCheck -CertificateThumbprint $sim.Thumbprint }
        Assert-LocalFailure $caught ([System.ArgumentException]) 'ParameterConflict,RECertificates.Commands.ConnectREClusterCommand' 'InvalidArgument'
        @(Get-RESimulatorRequest $sim).Count | Should -Be 0
    }

    Context 'with a session' {
        BeforeAll { $script:session = Connect-RETestCluster $sim -NoDefault }
        BeforeEach { Clear-RESimulatorRequest $sim; Clear-RESimulatorFault $sim }

        It 'reports a missing certificate file as a FileNotFoundException, keeping its ErrorId in the catch block' {
            $missing = Join-Path $TestDrive 'absent.pem'
            $caught = Get-CaughtBy { Set-RECertificate -Session $session -LiteralPath $missing -Force -ErrorAction Stop }
            Assert-LocalFailure $caught ([System.IO.FileNotFoundException]) 'FileNotFound,RECertificates.Commands.SetRECertificateCommand' 'ObjectNotFound'
            $caught.Error.TargetObject | Should -Be $missing
            @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
        }

        It 'reports a certificate the cluster does not hold as a KeyNotFoundException, keeping its ErrorId' {
            $caught = Get-CaughtBy { Get-RECertificate -Session $session -Name no_such_name -ErrorAction Stop -WarningAction SilentlyContinue }
            Assert-LocalFailure $caught ([System.Collections.Generic.KeyNotFoundException]) 'CertificateNotFound,RECertificates.Commands.GetRECertificateCommand' 'ObjectNotFound'
        }

        It "reports the module's own refusal (a required certificate) as an InvalidOperationException with PermissionDenied" {
            $caught = Get-CaughtBy { Remove-RECertificate -Session $session proxy -Confirm:$false -ErrorAction Stop }
            Assert-LocalFailure $caught ([System.InvalidOperationException]) 'RequiredCertificate,RECertificates.Commands.RemoveRECertificateCommand' 'PermissionDenied'
            @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
        }

        It 'reports a disconnected session as an ObjectDisposedException, outside catch [REApiException]' {
            $closed = Connect-RETestCluster $sim -NoDefault
            Disconnect-RECluster -Session $closed
            $caught = Get-CaughtBy { Get-RECertificate -Session $closed -ErrorAction Stop }
            Assert-LocalFailure $caught ([System.ObjectDisposedException]) 'SessionClosed,RECertificates.Commands.GetRECertificateCommand' 'InvalidArgument'
            "$($caught.Error)" | Should -BeLike '*was closed by Disconnect-RECluster. Connect again with Connect-RECluster.'
        }

        It "still reports the cluster's answer as an REApiException with its status" {
            Set-RESimulatorFault $sim @{ status = @{ code = 500; count = 1 } }
            $caught = Get-CaughtBy { Get-RECertificate -Session $session -ErrorAction Stop }
            $caught.Clause | Should -Be 'REApiException'
            $caught.Error.Exception.StatusCode | Should -Be 500
            $caught.Error.FullyQualifiedErrorId | Should -Be 'ClusterError,RECertificates.Commands.GetRECertificateCommand'
            $caught.Error.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        }

        It 'still reports a certificate name the cluster refuses (403) as an REApiException' {
            # The simulator refuses a name it does not hold with 403; the refusal comes from the cluster.
            $ca = New-RETestCertificate -Subject 'CN=Error Types Test CA' -CertificateAuthority
            $leaf = New-RETestCertificate -Subject 'CN=future.cluster.local' -DnsName 'future.cluster.local' -Issuer $ca
            $chain = $leaf.CertificatePem.TrimEnd() + "`n" + $ca.CertificatePem.TrimEnd() + "`n"
            $caught = Get-CaughtBy {
                Set-RECertificate -Session $session -Name future_feature -Certificate $chain `
                    -Key (ConvertTo-SecureString $leaf.KeyPem -AsPlainText -Force) -Force -ErrorAction Stop -WarningAction SilentlyContinue
            }
            $caught.Clause | Should -Be 'REApiException'
            $caught.Error.Exception.StatusCode | Should -Be 403
            $caught.Error.FullyQualifiedErrorId | Should -BeLike 'UnknownCertificate,*'
        }
    }
}
