# Update-RECertificateLegacy against a simulated 7.4 cluster: one PUT /v1/cluster/update_cert per certificate in name
# order, the deprecation warning, stopping at the first failure, and the validation it shares with Set-RECertificate.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator -ArgumentList '--version', '7.4.2-54'
    $script:session = Connect-RETestCluster $sim -Extra @{ MaximumRetryCount = 2 }

    $script:root = New-RETestCertificate -Subject 'CN=Legacy Tests Root CA' -CertificateAuthority -NotAfter ([datetime]::UtcNow.AddDays(3650))
    function New-Leaf {
        param([string] $Name, [hashtable] $Options = @{})
        $leaf = New-RETestCertificate -Subject "CN=$Name.cluster.local" -DnsName "$Name.cluster.local" -Issuer $script:root @Options
        [pscustomobject]@{ ChainPem = $leaf.CertificatePem; KeyPem = $leaf.KeyPem; Thumbprint = $leaf.Thumbprint; Leaf = $leaf }
    }
    function Get-Writes { @(Get-RESimulatorRequest $script:sim -Write) }
    $script:folders = [Collections.Generic.List[string]]::new()
}

AfterAll {
    $script:sim | Stop-RESimulator
    $script:folders | ForEach-Object { Remove-Item -LiteralPath $_ -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Update-RECertificateLegacy' {
    BeforeEach {
        Clear-RESimulatorRequest $sim
        Clear-RESimulatorFault $sim
        $script:dir = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) ('legacy-tests-' + [guid]::NewGuid().ToString('n')))).FullName
        $script:folders.Add($dir)
    }

    It 'sends one request per certificate, in name order, with the documented body' {
        $syncer = New-Leaf syncer
        $proxy = New-Leaf proxy
        Write-RETestPem $dir syncer.pem $syncer.ChainPem; Write-RETestPem $dir syncer.key $syncer.KeyPem
        Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
        Get-ChildItem -LiteralPath $dir -Filter *.pem | Update-RECertificateLegacy -Force -WarningAction SilentlyContinue

        $writes = Get-Writes
        $writes.Count | Should -Be 2
        $writes.path | Should -Be @('/v1/cluster/update_cert', '/v1/cluster/update_cert')
        $writes.status | Should -Be @(200, 200)
        $bodies = $writes | ForEach-Object { $_.body | ConvertFrom-Json }
        $bodies.name | Should -Be @('proxy', 'syncer')
        @($bodies[0].PSObject.Properties.Name) | Sort-Object | Should -Be @('certificate', 'key', 'name')
        $bodies[0].certificate.Trim() | Should -Be $proxy.ChainPem.Trim()
        $bodies[0].key.Trim() | Should -Be $proxy.KeyPem.Trim()
        $bodies[1].key.Trim() | Should -Be $syncer.KeyPem.Trim()
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
        Get-RESimulatorThumbprint $sim syncer | Should -Be (@($syncer.Thumbprint) * 3)
    }

    It 'warns once per invocation that the endpoint is deprecated' {
        $proxy = New-Leaf proxy
        $cm = New-Leaf cm
        Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
        Write-RETestPem $dir cm.pem ($cm.ChainPem + $cm.KeyPem)
        Update-RECertificateLegacy -Path (Join-Path $dir '*.pem') -Force -WarningVariable warnings -WarningAction SilentlyContinue
        $deprecation = @($warnings | Where-Object { "$_" -like '*deprecated*' })
        $deprecation.Count | Should -Be 1
        "$deprecation" | Should -BeLike '*update_cert*7.22.2*Set-RECertificate*'
        (Get-Writes).Count | Should -Be 2
    }

    It 'stops at the first failure and says which certificates were already replaced and which were not' {
        # Name order: cm (accepted), ldap_client (refused by this 7.4.2-54 cluster: an extension it does not know,
        # RS125930, which the module only warns about), proxy. A name the module does not know can no longer stand in
        # here: from a file name it is refused before anything is sent.
        $cm = New-Leaf cm
        $proxy = New-Leaf proxy
        $proxyBefore = Get-RESimulatorThumbprint $sim proxy
        $ldapKey = [Security.Cryptography.RSA]::Create(2048)
        $ldapRequest = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=ldap-client.cluster.local', $ldapKey, [Security.Cryptography.HashAlgorithmName]::SHA256, [Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $ldapRequest.CertificateExtensions.Add([Security.Cryptography.X509Certificates.X509Extension]::new('1.3.6.1.4.1.99999.1', [byte[]](5, 0), $false))
        $ldap = $ldapRequest.CreateSelfSigned([datetime]::UtcNow.AddDays(-1), [datetime]::UtcNow.AddDays(90))
        Write-RETestPem $dir cm.pem ($cm.ChainPem + $cm.KeyPem)
        Write-RETestPem $dir ldap_client.pem ($ldap.ExportCertificatePem() + "`n" + $ldapKey.ExportPkcs8PrivateKeyPem())
        Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
        Get-ChildItem -LiteralPath $dir | Update-RECertificateLegacy -Force -PassThru -OutVariable passed -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $writes = Get-Writes
        $writes.Count | Should -Be 2
        @($writes | ForEach-Object { ($_.body | ConvertFrom-Json).name }) | Should -Be @('cm', 'ldap_client')
        $writes.status | Should -Be @(200, 400)
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'InvalidCertificate,RECertificates.Commands.UpdateRECertificateLegacyCommand'
        $failures[0].TargetObject | Should -Be 'ldap_client'
        $failures[0].Exception.StatusCode | Should -Be 400
        "$($failures[0])" | Should -BeLike "*Stopped at 'ldap_client'. Already replaced on cluster 'cluster.local': 'cm'. Not replaced: 'ldap_client', 'proxy'.*"
        Get-RESimulatorThumbprint $sim cm | Should -Be (@($cm.Thumbprint) * 3)
        Get-RESimulatorThumbprint $sim proxy | Should -Be $proxyBefore
        # -PassThru emits what was replaced.
        $passed.Name | Should -Be 'cm'
        $passed.Thumbprint | Should -Be $cm.Thumbprint
    }

    It 'retries a 409 like Set-RECertificate and converges' {
        Set-RESimulatorFault $sim @{ failNodeUpdates = 1 }
        $proxy = New-Leaf proxy
        Update-RECertificateLegacy (Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)) -Force -WarningAction SilentlyContinue -ErrorVariable failures
        $failures.Count | Should -Be 0
        (Get-Writes).status | Should -Be @(409, 200)
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }

    It 'maps a persistent 409 to ClusterPartiallyUpdated after MaximumRetryCount retries' {
        Set-RESimulatorFault $sim @{ failNodeUpdates = 100 }
        $proxy = New-Leaf proxy
        Update-RECertificateLegacy (Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)) -Force -WarningAction SilentlyContinue -ErrorVariable failures -ErrorAction SilentlyContinue
        (Get-Writes).Count | Should -Be 3
        $failures[0].FullyQualifiedErrorId | Should -Be 'ClusterPartiallyUpdated,RECertificates.Commands.UpdateRECertificateLegacyCommand'
        "$($failures[0])" | Should -BeLike "*Already replaced on cluster 'cluster.local': none. Not replaced: 'proxy'.*"
        Clear-RESimulatorFault $sim
        Update-RECertificateLegacy (Join-Path $dir proxy.pem) -Force -WarningAction SilentlyContinue
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }

    It 'maps the endpoint''s <Code> to <Id>' -ForEach @(
        @{ Code = 400; Id = 'InvalidCertificate' }, @{ Code = 404; Id = 'InvalidCertificate' }, @{ Code = 406; Id = 'CertificateExpired' }
    ) {
        Set-RESimulatorFault $sim @{ status = @{ code = $Code; count = 1; method = 'PUT' } }
        $proxy = New-Leaf proxy
        Update-RECertificateLegacy (Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)) -Force -WarningAction SilentlyContinue -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be "$Id,RECertificates.Commands.UpdateRECertificateLegacyCommand"
        $failures[0].Exception.StatusCode | Should -Be $Code
    }

    It 'refuses the same bad input as Set-RECertificate (<Id>), sending nothing' -ForEach @(
        @{ Id = 'CertificateExpired' }, @{ Id = 'KeyMismatch' }, @{ Id = 'PrivateKeyMissing' }, @{ Id = 'ChainBroken' }
    ) {
        $proxy = New-Leaf proxy
        Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
        switch ($Id) {
            'CertificateExpired' { $cm = New-Leaf cm @{ NotBefore = [datetime]::UtcNow.AddDays(-20); NotAfter = [datetime]::UtcNow.AddDays(-2) }; Write-RETestPem $dir cm.pem ($cm.ChainPem + $cm.KeyPem) }
            'KeyMismatch' { $cm = New-Leaf cm; Write-RETestPem $dir cm.pem ($cm.ChainPem + $proxy.KeyPem) }
            'PrivateKeyMissing' { $cm = New-Leaf cm; Write-RETestPem $dir cm.pem $cm.ChainPem }
            'ChainBroken' { $cm = New-Leaf cm; $stranger = New-RETestCertificate -Subject 'CN=Stranger CA' -CertificateAuthority; Write-RETestPem $dir cm.pem ($cm.ChainPem + $stranger.CertificatePem + $cm.KeyPem) }
        }
        foreach ($command in 'Update-RECertificateLegacy', 'Set-RECertificate') {
            # The same files refused the same way by both cmdlets (Set's request would not even reach this 7.4 cluster).
            Get-ChildItem -LiteralPath $dir | & $command -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            @($failures | Where-Object { $_.FullyQualifiedErrorId -like "$Id,*" }).Count | Should -Be 1 -Because "$command should refuse it"
            "$($failures | Where-Object { $_.FullyQualifiedErrorId -like "$Id,*" })" | Should -BeLike '*cm.pem*'
            $failures[-1].FullyQualifiedErrorId | Should -BeLike 'NothingSent,*'
        }
        (Get-Writes).Count | Should -Be 0
    }

    It '-WhatIf sends nothing, and still warns that the endpoint is deprecated' {
        $proxy = New-Leaf proxy
        Update-RECertificateLegacy (Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)) -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue 6>$null
        (Get-Writes).Count | Should -Be 0
        @($warnings | Where-Object { "$_" -like '*deprecated*' }).Count | Should -Be 1
    }

    It 're-pins the session after rotating api' {
        $api = New-Leaf api @{ DnsName = @('localhost') }
        Update-RECertificateLegacy (Write-RETestPem $dir api.pem ($api.ChainPem + $api.KeyPem)) -Force -WarningAction SilentlyContinue
        $session.CertificateThumbprint | Should -Be @($api.Thumbprint)
        Set-RESimulatorFault $sim @{ dropConnections = 1 }
        (Get-RECertificate api).Thumbprint | Should -Be $api.Thumbprint
    }
}
