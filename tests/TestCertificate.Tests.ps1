# Test-RECertificate: offline, no cluster, no session; the verdict of the validator Set-RECertificate uses.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:chain = New-RETestChain -LeafSubject 'CN=proxy.cluster.local' -DnsName 'proxy.cluster.local'
    $script:syncer = New-RETestCertificate -Subject 'CN=syncer.cluster.local' -DnsName 'syncer.cluster.local' -Issuer $chain.Intermediate
    $script:syncerChain = $syncer.CertificatePem + $chain.Intermediate.CertificatePem
    $script:folders = [Collections.Generic.List[string]]::new()
}

AfterAll {
    $script:folders | ForEach-Object { Remove-Item -LiteralPath $_ -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Test-RECertificate' {
    BeforeEach {
        $script:dir = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) ('test-cert-' + [guid]::NewGuid().ToString('n')))).FullName
        $script:folders.Add($dir)
    }

    It 'emits one valid result per certificate, with the parsed certificate, and needs no session' {
        Write-RETestPem $dir proxy.pem $chain.ChainPem; Write-RETestPem $dir proxy.key $chain.KeyPem
        Write-RETestPem $dir syncer.pem ($syncerChain + $syncer.KeyPem)
        # A fresh runspace: no Connect-RECluster, no default session.
        $modulePath = (Get-RETestPath).Module
        $results = 1 | ForEach-Object -Parallel {
            Import-Module $using:modulePath
            Get-ChildItem -LiteralPath $using:dir -Filter *.pem | Test-RECertificate
        }
        $results.Count | Should -Be 2
        $results[0].PSObject.TypeNames[0] | Should -Be 'RECertificates.CertificateTestResult'
        $results.Name | Should -Be @('proxy', 'syncer')
        $results.Path | Should -Be @((Join-Path $dir proxy.pem), (Join-Path $dir syncer.pem))
        $results.IsValid | Should -Be @($true, $true)
        $results[0].Errors.Count | Should -Be 0
        $results[0].ErrorIds.Count | Should -Be 0
        $results[0].Certificate.Thumbprint | Should -Be $chain.Leaf.Thumbprint
        $results[0].Certificate.ChainLength | Should -Be 2
        $results[0].Certificate.HasPrivateKey | Should -BeTrue
    }

    It 'reports errors with their ids and messages naming the file, as results rather than error records' {
        $expired = New-RETestCertificate -Subject 'CN=cm' -NotBefore ([datetime]::UtcNow.AddDays(-10)) -NotAfter ([datetime]::UtcNow.AddDays(-1))
        $file = Write-RETestPem $dir cm.pem ($expired.CertificatePem + $expired.KeyPem)
        $result = Test-RECertificate $file -ErrorVariable failures
        $failures.Count | Should -Be 0
        $result.IsValid | Should -BeFalse
        $result.ErrorIds | Should -Be @('CertificateExpired')
        $result.Errors[0] | Should -BeLike "*$file*expired*"
        $result.Certificate.IsExpired | Should -BeTrue
    }

    It 'keeps a certificate with only warnings valid, listing the warnings' {
        $weak = New-RETestCertificate -Subject 'CN=cm' -KeySize 1024 -NoEnhancedKeyUsage
        $result = Test-RECertificate (Write-RETestPem $dir cm.pem ($weak.CertificatePem + $weak.KeyPem))
        $result.IsValid | Should -BeTrue
        $result.Warnings.Count | Should -Be 2
        $result.Warnings -like '*RSA 1024*' | Should -Not -BeNullOrEmpty
        $result.Warnings -like '*extended key usage*' | Should -Not -BeNullOrEmpty
    }

    It 'reports set-level problems as results of their own: a key no certificate claims, two files for one name' {
        Write-RETestPem $dir proxy.pem ($chain.ChainPem + $chain.KeyPem)
        Write-RETestPem $dir proxy.crt ($chain.ChainPem + $chain.KeyPem)
        $orphan = Write-RETestPem $dir ldap_client.key $chain.KeyPem
        $results = Get-ChildItem -LiteralPath $dir | Test-RECertificate
        $results.Count | Should -Be 3
        $byPath = @{}; $results | ForEach-Object { $byPath[$_.Path] = $_ }
        # The first of the two files for 'proxy' counts; the second is refused, naming both.
        $proxies = @($byPath[(Join-Path $dir proxy.crt)], $byPath[(Join-Path $dir proxy.pem)])
        @($proxies | Where-Object IsValid).Count | Should -Be 1
        $second = $proxies | Where-Object { -not $_.IsValid }
        $second.ErrorIds | Should -Be @('DuplicateCertificateName')
        $second.Name | Should -Be 'proxy'
        $second.Errors[0] | Should -BeLike "*proxy.crt*proxy.pem*"
        $byPath[$orphan].ErrorIds | Should -Be @('KeyOnlyNoCertificate')
        $byPath[$orphan].Name | Should -Be 'ldap_client'
        $byPath[$orphan].Certificate | Should -BeNullOrEmpty
    }

    It 'adds a problem with a certificate''s own key file to that certificate''s result' {
        $certificate = Write-RETestPem $dir proxy.pem $chain.ChainPem
        $notAKey = Write-RETestPem $dir 'my.key.txt' $chain.ChainPem
        $result = Test-RECertificate -LiteralPath $certificate -KeyPath $notAKey
        @($result).Count | Should -Be 1
        $result.IsValid | Should -BeFalse
        $result.ErrorIds | Should -Contain 'InvalidPrivateKey'
    }

    It 'takes -Name -Certificate -Key and -InputObject' {
        $key = ConvertTo-SecureString $chain.KeyPem -AsPlainText -Force
        $result = Test-RECertificate -Name proxy -Certificate $chain.ChainPem -Key $key
        $result.IsValid | Should -BeTrue
        $result.Path | Should -BeNullOrEmpty
        $result.Name | Should -Be 'proxy'

        # An RECertificate without its key (as Get-RECertificate returns it without -IncludePrivateKey).
        $withoutKey = $result.Certificate
        $tested = $withoutKey | Test-RECertificate
        $tested.ErrorIds | Should -Be @('PrivateKeyMissing')
    }

    It 'reports a path that matches nothing, as a result' {
        $result = Test-RECertificate (Join-Path $dir 'none*.pem')
        $result.IsValid | Should -BeFalse
        $result.ErrorIds | Should -Be @('FileNotFound')
        $result.Name | Should -BeNullOrEmpty
    }

    It 'tests a folder of many certificates (with progress) in file order' {
        $names = 'cm', 'ldap_client', 'metrics_exporter', 'proxy', 'sso_service', 'syncer'
        foreach ($name in $names) { Write-RETestPem $dir "$name.pem" ($chain.ChainPem + $chain.KeyPem) }
        $results = Test-RECertificate (Join-Path $dir '*.pem')
        $results.Name | Should -Be $names
        $results.IsValid | Should -Not -Contain $false
    }

    It '-Quiet returns one $true when all is valid, else one $false' {
        Write-RETestPem $dir proxy.pem ($chain.ChainPem + $chain.KeyPem)
        Write-RETestPem $dir syncer.pem ($syncerChain + $syncer.KeyPem)
        $quiet = Test-RECertificate (Join-Path $dir '*.pem') -Quiet
        $quiet | Should -BeOfType ([bool])
        $quiet | Should -BeTrue

        Write-RETestPem $dir cm.pem $syncerChain   # no key: invalid
        $quiet = @(Test-RECertificate (Join-Path $dir '*.pem') -Quiet)
        $quiet.Count | Should -Be 1
        $quiet[0] | Should -BeFalse

        Test-RECertificate (Join-Path $dir 'nothing*.pem') -Quiet | Should -BeFalse
    }

    It 'agrees with Set-RECertificate: what tests valid is sent, what tests invalid is refused' {
        $sim = Start-RESimulator
        try {
            $session = Connect-RETestCluster $sim -NoDefault
            Write-RETestPem $dir proxy.pem ($chain.ChainPem + $chain.KeyPem)
            Test-RECertificate (Join-Path $dir '*.pem') -Quiet | Should -BeTrue
            Set-RECertificate (Join-Path $dir '*.pem') -Session $session -Force -WarningAction SilentlyContinue -ErrorVariable failures
            $failures.Count | Should -Be 0
            @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 1

            Write-RETestPem $dir syncer.pem $syncerChain
            $tested = Test-RECertificate (Join-Path $dir '*.pem')
            Set-RECertificate (Join-Path $dir '*.pem') -Session $session -Force -WarningAction SilentlyContinue -ErrorVariable failures -ErrorAction SilentlyContinue
            ($failures | Where-Object { $_.FullyQualifiedErrorId -notlike 'NothingSent,*' }).FullyQualifiedErrorId -replace ',.*' |
                Should -Be @($tested.ErrorIds)
            @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 1
        }
        finally { $sim | Stop-RESimulator }
    }
}
