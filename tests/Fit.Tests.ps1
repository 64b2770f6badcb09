# Right for this cluster, against the simulator: the name check, names nobody meant, the Kubernetes names, the known
# defects (refused before anything is sent, or warned about) and the 8.2 cipher-suite check. "Nothing sent" is the
# simulator's request log; where the module refuses to protect the cluster, a direct request shows what the
# simulated cluster itself would have done.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force

    $script:root = New-RETestCertificate -Subject 'CN=Fit Tests Root CA' -CertificateAuthority -NotAfter ([datetime]::UtcNow.AddDays(3650))
    $script:intermediate = New-RETestCertificate -Subject 'CN=Fit Tests Intermediate CA' -CertificateAuthority -Issuer $root -NotAfter ([datetime]::UtcNow.AddDays(1825))
    # A leaf issued by the root; its chain (leaf, root) in ChainPem.
    function New-Leaf {
        param([string[]] $DnsName = @('cluster.local', '*.cluster.local', '*.internal.cluster.local'), [hashtable] $Options = @{})
        $leaf = New-RETestCertificate -Subject "CN=$($DnsName[0])" -DnsName $DnsName -Issuer $script:root @Options
        [pscustomobject]@{ ChainPem = $leaf.CertificatePem + $script:root.CertificatePem; KeyPem = $leaf.KeyPem; Leaf = $leaf }
    }
    function Get-Writes($Simulator) { @(Get-RESimulatorRequest $Simulator -Write) }
    # The ErrorIds of error records (FullyQualifiedErrorId is '<ErrorId>,<the cmdlet's class>').
    function Get-ErrorId($Records) { @($Records | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) }
    function Get-WrittenName($Request) { ($Request.body | ConvertFrom-Json).certificates.name }
    $script:folders = [Collections.Generic.List[string]]::new()
    function New-TestFolder {
        $folder = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) ('fit-tests-' + [guid]::NewGuid().ToString('n')))).FullName
        $script:folders.Add($folder)
        $folder
    }
    $script:simulators = [Collections.Generic.List[object]]::new()
    function Start-FitSimulator([string[]] $ArgumentList = @(), [string] $ClusterName = 'cluster.local') {
        $started = Start-RESimulator -ArgumentList $ArgumentList -ClusterName $ClusterName
        $script:simulators.Add($started)
        $started | Add-Member -NotePropertyName Session -NotePropertyValue (Connect-RETestCluster $started -NoDefault) -PassThru
    }
    # What the simulated cluster does with a request the module would not send.
    function Send-Direct($Simulator, [object[]] $Certificates) {
        $body = @{ certificates = $Certificates } | ConvertTo-Json -Depth 5
        try {
            $null = Invoke-RestMethod -Uri "$($Simulator.Url)/v1/cluster/certificates" -Method Put -Body $body -ContentType 'application/json' -Credential $Simulator.Credential -Authentication Basic -SkipCertificateCheck
            200
        }
        catch { [int]$_.Exception.Response.StatusCode }
    }
    function Get-NodeStatus($Simulator) {
        @((Invoke-RestMethod -Uri "$($Simulator.Url)/v1/nodes" -Credential $Simulator.Credential -Authentication Basic -SkipCertificateCheck).status)
    }
}

AfterAll {
    $script:simulators | Stop-RESimulator
    $script:folders | ForEach-Object { Remove-Item -LiteralPath $_ -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'A certificate must name the cluster it goes to' {
    BeforeAll {
        $script:sim = Start-FitSimulator
        $script:other = New-Leaf -DnsName 'cluster2.example.com', '*.cluster2.example.com'
        $script:good = New-Leaf
    }
    BeforeEach { Clear-RESimulatorRequest $sim }

    It 'refuses another cluster''s proxy certificate, naming both sides, and sends nothing of the set' {
        $dir = New-TestFolder
        $null = Write-RETestPem $dir proxy.pem ($other.ChainPem + $other.KeyPem)
        $null = Write-RETestPem $dir cm.pem ($good.ChainPem + $good.KeyPem)
        Get-ChildItem $dir -Filter *.pem | Set-RECertificate -Session $sim.Session -Force -ErrorAction SilentlyContinue -ErrorVariable failed
        (Get-ErrorId $failed) | Should -Contain 'CertificateNameMismatch'
        (Get-ErrorId $failed) | Should -Contain 'NothingSent'
        $mismatch = $failed | Where-Object { $_.FullyQualifiedErrorId -like 'CertificateNameMismatch*' }
        "$mismatch" | Should -Match 'cluster2\.example\.com, \*\.cluster2\.example\.com'
        "$mismatch" | Should -Match "cluster\.local, \*\.cluster\.local, internal\.cluster\.local, \*\.internal\.cluster\.local, 127\.0\.0\.1"
        "$mismatch" | Should -Match '-SkipNameCheck'
        Get-Writes $sim | Should -BeNullOrEmpty
    }

    It 'says so under -WhatIf too, and sends nothing' {
        $dir = New-TestFolder
        $path = Write-RETestPem $dir api.pem ($other.ChainPem + $other.KeyPem)
        Set-RECertificate -Path $path -Session $sim.Session -WhatIf -ErrorAction SilentlyContinue -ErrorVariable failed
        (Get-ErrorId $failed) | Should -Contain 'CertificateNameMismatch'
        Get-Writes $sim | Should -BeNullOrEmpty
    }

    It 'is reported by Test-RECertificate -Session, not offline, and -SkipNameCheck turns it off' {
        $dir = New-TestFolder
        $path = Write-RETestPem $dir metrics_exporter.pem ($other.ChainPem + $other.KeyPem)
        (Test-RECertificate -Path $path).IsValid | Should -BeTrue
        $result = Test-RECertificate -Path $path -Session $sim.Session
        $result.IsValid | Should -BeFalse
        $result.ErrorIds | Should -Be @('CertificateNameMismatch')
        (Test-RECertificate -Path $path -Session $sim.Session -SkipNameCheck).IsValid | Should -BeTrue
        Get-Writes $sim | Should -BeNullOrEmpty
    }

    It 'sends it with -SkipNameCheck, for a cluster reached by a name of its own' {
        $dir = New-TestFolder
        $path = Write-RETestPem $dir cm.pem ($other.ChainPem + $other.KeyPem)
        Set-RECertificate -Path $path -Session $sim.Session -SkipNameCheck -Force
        Get-WrittenName (Get-Writes $sim)[0] | Should -Be 'cm'
    }

    It 'checks Update-RECertificateLegacy alike, which takes -SkipNameCheck too' {
        $dir = New-TestFolder
        $path = Write-RETestPem $dir cm.pem ($other.ChainPem + $other.KeyPem)
        Update-RECertificateLegacy -Path $path -Session $sim.Session -Force -ErrorAction SilentlyContinue -ErrorVariable failed -WarningAction SilentlyContinue
        (Get-ErrorId $failed) | Should -Contain 'CertificateNameMismatch'
        Get-Writes $sim | Should -BeNullOrEmpty
        # A certificate the cluster does not hold yet (the test before sent $other as cm), so it is not skipped as unchanged.
        $lb = New-Leaf -DnsName 'lb.example.com'
        $path = Write-RETestPem $dir cm.pem ($lb.ChainPem + $lb.KeyPem)
        Update-RECertificateLegacy -Path $path -Session $sim.Session -Force -ErrorAction SilentlyContinue -ErrorVariable refused -WarningAction SilentlyContinue
        (Get-ErrorId $refused) | Should -Contain 'CertificateNameMismatch'
        Update-RECertificateLegacy -Path $path -Session $sim.Session -Force -SkipNameCheck -WarningAction SilentlyContinue
        @(Get-Writes $sim).Count | Should -Be 1
    }

    It 'accepts a certificate for the address the session was opened with (an IP SAN)' {
        $byAddress = New-RETestCertificate -Subject 'CN=lb.example.com' -DnsName 'lb.example.com' -Issuer $root
        $san = [Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
        $san.AddIpAddress([Net.IPAddress]::Loopback)
        $key = [Security.Cryptography.RSA]::Create(2048)
        $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=lb.example.com', $key, [Security.Cryptography.HashAlgorithmName]::SHA256, [Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $request.CertificateExtensions.Add($san.Build())
        $certificate = $request.CreateSelfSigned([datetime]::UtcNow.AddDays(-1), [datetime]::UtcNow.AddDays(90))
        $result = Test-RECertificate -Name cm -Certificate $certificate.ExportCertificatePem() -Key (ConvertTo-SecureString $key.ExportPkcs8PrivateKeyPem() -AsPlainText -Force) -Session $sim.Session
        $result.ErrorIds | Should -Not -Contain 'CertificateNameMismatch'
        (Test-RECertificate -Name cm -Certificate $byAddress.CertificatePem -Key (ConvertTo-SecureString $byAddress.KeyPem -AsPlainText -Force) -Session $sim.Session).ErrorIds | Should -Contain 'CertificateNameMismatch'
    }

    It 'warns when a proxy certificate leaves database endpoints uncovered, and still sends it' {
        $narrow = New-Leaf -DnsName 'cluster.local', '*.cluster.local'
        Set-RECertificate -Name proxy -Certificate $narrow.ChainPem -Key (ConvertTo-SecureString $narrow.KeyPem -AsPlainText -Force) -Session $sim.Session -Force -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -Match 'redis-<port>\.internal\.cluster\.local'
        "$warned" | Should -Match '\*\.internal\.cluster\.local'
        Get-WrittenName (Get-Writes $sim)[0] | Should -Be 'proxy'
    }

    It 'checks a certificate copied from another cluster against the target' {
        $source = Start-FitSimulator -ClusterName 'cluster2.example.com'
        Set-RESimulatorCertificate $source @{ proxy_cert = $other.ChainPem; proxy_key = $other.KeyPem }
        Get-RECertificate -Name proxy -IncludePrivateKey -Session $source.Session |
            Set-RECertificate -Session $sim.Session -Force -ErrorAction SilentlyContinue -ErrorVariable failed
        (Get-ErrorId $failed) | Should -Contain 'CertificateNameMismatch'
        "$($failed | Where-Object { $_.FullyQualifiedErrorId -like 'CertificateNameMismatch*' })" | Should -Match "cluster 'cluster.local'"
        Get-Writes $sim | Should -BeNullOrEmpty
    }
}

Describe 'Names nobody meant, and the Kubernetes operator''s names' {
    BeforeAll {
        $script:sim = Start-FitSimulator
        $script:good = New-Leaf
    }
    BeforeEach { Clear-RESimulatorRequest $sim }

    It 'refuses a certificate name read from a file name it does not know, with the input''s other problems' {
        $dir = New-TestFolder
        $expired = New-RETestCertificate -Issuer $root -NotBefore ([datetime]::UtcNow.AddDays(-60)) -NotAfter ([datetime]::UtcNow.AddDays(-2))
        $path = Write-RETestPem $dir cert.pem ($expired.CertificatePem + $expired.KeyPem)
        $null = Write-RETestPem $dir api.pem ($good.ChainPem + $good.KeyPem)
        Get-ChildItem $dir -Filter *.pem | Set-RECertificate -Session $sim.Session -Force -ErrorAction SilentlyContinue -ErrorVariable failed
        (Get-ErrorId $failed) | Should -Contain 'UnknownCertificateName'
        (Get-ErrorId $failed) | Should -Contain 'CertificateExpired'
        $unknown = "$($failed | Where-Object { $_.FullyQualifiedErrorId -like 'UnknownCertificateName*' })"
        $unknown | Should -Match ([regex]::Escape($path))
        $unknown | Should -Match 'metrics_exporter'
        $unknown | Should -Match '-Name'
        Get-Writes $sim | Should -BeNullOrEmpty
        (Test-RECertificate -Path $path).ErrorIds | Should -Be @('UnknownCertificateName', 'CertificateExpired')
    }

    It 'offers the closest known name for a typo in a file name' {
        $dir = New-TestFolder
        $path = Write-RETestPem $dir prxy.pem ($good.ChainPem + $good.KeyPem)
        (Test-RECertificate -Path $path).Errors | Should -Match "Did you mean 'proxy'\?"
    }

    It 'still sends an unknown name given with -Name, with a warning, and the cluster decides' {
        Set-RECertificate -Name new_service -Certificate $good.ChainPem -Key (ConvertTo-SecureString $good.KeyPem -AsPlainText -Force) -Session $sim.Session -Force -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable failed
        "$warned" | Should -Match "'new_service' is not a certificate name this module knows"
        Get-WrittenName (Get-Writes $sim)[0] | Should -Be 'new_service'
        $failed[0].Exception.StatusCode | Should -Be 403
    }

    It 'reads the Kubernetes names in file names and -Name as the REST API''s, with a verbose note' {
        $internode = New-Leaf -DnsName 'node.cluster.local'
        $dir = New-TestFolder
        $null = Write-RETestPem $dir cp_internode_encryption.pem $internode.ChainPem
        $null = Write-RETestPem $dir cp_internode_encryption.key $internode.KeyPem
        $verbose = Get-ChildItem $dir -Filter *.pem | Set-RECertificate -Session $sim.Session -Force -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        "$verbose" | Should -Match "'cp_internode_encryption' is the Kubernetes operator's name for 'ccs_internode_encryption'"
        Get-WrittenName (Get-Writes $sim)[0] | Should -Be 'ccs_internode_encryption'

        Clear-RESimulatorRequest $sim
        Set-RECertificate -Name dp_internode_encryption -Certificate $internode.ChainPem -Key (ConvertTo-SecureString $internode.KeyPem -AsPlainText -Force) -Session $sim.Session -Force
        Get-WrittenName (Get-Writes $sim)[0] | Should -Be 'data_internode_encryption'
    }

    It 'is needed: the cluster itself refuses the Kubernetes names' {
        $internode = New-Leaf -DnsName 'node.cluster.local'
        Send-Direct $sim @(@{ name = 'cp_internode_encryption'; certificate = $internode.ChainPem; key = $internode.KeyPem }) | Should -Be 403
    }

    It 'completes a mistyped -Name with the closest known name' {
        $script = 'Test-RECertificate -Name prxy'
        @((TabExpansion2 -inputScript $script -cursorColumn $script.Length).CompletionMatches.CompletionText) | Should -Be @('proxy')
    }
}

Describe 'Known defects: refused where the cluster would break' {
    It 'RS176474: refuses an internode certificate without clientAuth on 7.22.2-54, which would take it and go down' {
        $sim = Start-FitSimulator '--version', '7.22.2-54'
        $serverOnly = New-RETestCertificate -Subject 'CN=node.cluster.local' -DnsName 'node.cluster.local' -Issuer $root
        $usage = [Security.Cryptography.OidCollection]::new(); $null = $usage.Add([Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.1'))
        $key = [Security.Cryptography.RSA]::Create(2048)
        $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=node.cluster.local', $key, [Security.Cryptography.HashAlgorithmName]::SHA256, [Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $request.CertificateExtensions.Add([Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($usage, $false))
        $certificate = $request.CreateSelfSigned([datetime]::UtcNow.AddDays(-1), [datetime]::UtcNow.AddDays(90))
        $pem = $certificate.ExportCertificatePem(); $keyPem = $key.ExportPkcs8PrivateKeyPem()
        Clear-RESimulatorRequest $sim

        Set-RECertificate -Name data_internode_encryption -Certificate $pem -Key (ConvertTo-SecureString $keyPem -AsPlainText -Force) -Session $sim.Session -Force -ErrorAction SilentlyContinue -ErrorVariable failed -WarningAction SilentlyContinue
        (Get-ErrorId $failed) | Should -Contain 'KnownDefect'
        $defect = "$($failed | Where-Object { $_.FullyQualifiedErrorId -like 'KnownDefect*' })"
        $defect | Should -Match 'RS176474'
        $defect | Should -Match '7\.22\.2-54'
        $defect | Should -Match '7\.22\.2-79'
        Get-Writes $sim | Should -BeNullOrEmpty
        (Test-RECertificate -Name data_internode_encryption -Certificate $pem -Key (ConvertTo-SecureString $keyPem -AsPlainText -Force) -Session $sim.Session).ErrorIds | Should -Contain 'KnownDefect'

        # What the module saved the cluster from: it takes the certificate, then its nodes go down.
        Get-NodeStatus $sim | Should -Be @('active', 'active', 'active')
        Send-Direct $sim @(@{ name = 'data_internode_encryption'; certificate = $pem; key = $keyPem }) | Should -Be 200
        Get-NodeStatus $sim | Should -Contain 'down'
    }

    It 'RS176474: sends it on 7.22.2-79, where the cluster refuses it itself' {
        $sim = Start-FitSimulator '--version', '7.22.2-79'
        $usage = [Security.Cryptography.OidCollection]::new(); $null = $usage.Add([Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.1'))
        $key = [Security.Cryptography.RSA]::Create(2048)
        $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=node.cluster.local', $key, [Security.Cryptography.HashAlgorithmName]::SHA256, [Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $request.CertificateExtensions.Add([Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($usage, $false))
        $certificate = $request.CreateSelfSigned([datetime]::UtcNow.AddDays(-1), [datetime]::UtcNow.AddDays(90))
        Set-RECertificate -Name data_internode_encryption -Certificate $certificate.ExportCertificatePem() -Key (ConvertTo-SecureString $key.ExportPkcs8PrivateKeyPem() -AsPlainText -Force) -Session $sim.Session -Force -ErrorAction SilentlyContinue -ErrorVariable failed -WarningAction SilentlyContinue
        (Get-ErrorId $failed) | Should -Not -Contain 'KnownDefect'
        $failed[0].Exception.StatusCode | Should -Be 400
        @(Get-Writes $sim).Count | Should -Be 1
        Get-NodeStatus $sim | Should -Not -Contain 'down'
    }

    It 'RS194253: refuses an internode chain of three before 8.0.20-68, and only warns on 8.2 (no fix recorded)' {
        $leaf = New-RETestCertificate -Subject 'CN=node.cluster.local' -DnsName 'node.cluster.local' -Issuer $intermediate
        $chain = $leaf.CertificatePem + $intermediate.CertificatePem + $root.CertificatePem
        $before = Start-FitSimulator '--version', '8.0.20-67'
        Clear-RESimulatorRequest $before
        Set-RECertificate -Name ccs_internode_encryption -Certificate $chain -Key (ConvertTo-SecureString $leaf.KeyPem -AsPlainText -Force) -Session $before.Session -Force -ErrorAction SilentlyContinue -ErrorVariable failed
        "$($failed | Where-Object { $_.FullyQualifiedErrorId -like 'KnownDefect*' })" | Should -Match 'RS194253.*8\.0\.20-68'
        Get-Writes $before | Should -BeNullOrEmpty

        $on82 = Start-FitSimulator '--version', '8.2.0-46'
        Clear-RESimulatorRequest $on82
        Set-RECertificate -Name ccs_internode_encryption -Certificate $chain -Key (ConvertTo-SecureString $leaf.KeyPem -AsPlainText -Force) -Session $on82.Session -Force -WarningVariable warned -WarningAction SilentlyContinue -Verbose 4>&1 | Out-Null
        "$warned" | Should -Match 'RS194253'
        "$warned" | Should -Match 'do not say it carries the fix'
        @(Get-Writes $on82).Count | Should -Be 1
    }

    It 'RS61676: refuses on 7.4 a chain with a certificate without CN' {
        $sim = Start-FitSimulator '--version', '7.4.6-22'
        $noCn = New-RETestCertificate -Subject 'O=Fit Tests, OU=No Common Name' -CertificateAuthority -Issuer $root
        $leaf = New-RETestCertificate -Subject 'CN=syncer.cluster.local' -DnsName 'syncer.cluster.local' -Issuer $noCn
        Clear-RESimulatorRequest $sim
        Update-RECertificateLegacy -Name syncer -Certificate ($leaf.CertificatePem + $noCn.CertificatePem) -Key (ConvertTo-SecureString $leaf.KeyPem -AsPlainText -Force) -Session $sim.Session -Force -ErrorAction SilentlyContinue -ErrorVariable failed -WarningAction SilentlyContinue
        $defect = "$($failed | Where-Object { $_.FullyQualifiedErrorId -like 'KnownDefect*' })"
        $defect | Should -Match 'RS61676'
        $defect | Should -Match '7\.4\.6-22'
        Get-Writes $sim | Should -BeNullOrEmpty
    }
}

Describe 'Known defects: warned about where the cluster only misbehaves' {
    It 'RS154601 / RS122668: says to verify what the proxy serves on 7.22.0-94' {
        $sim = Start-FitSimulator '--version', '7.22.0-94'
        $proxy = New-Leaf
        Update-RECertificateLegacy -Name proxy -Certificate $proxy.ChainPem -Key (ConvertTo-SecureString $proxy.KeyPem -AsPlainText -Force) -Session $sim.Session -Force -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -Match 'RS154601 / RS122668'
        "$warned" | Should -Match 'Get-REServedCertificate'
        @(Get-Writes $sim).Count | Should -Be 1
    }

    It 'RS162972: warns that only the primary answers with certificate login on 8.0.2-16' {
        $sim = Start-FitSimulator '--version', '8.0.2-16'
        $ca = New-RETestCertificate -Subject 'CN=Fit Client CA' -CertificateAuthority
        Set-RECertificate -Name mtls_trusted_ca -Certificate $ca.CertificatePem -Session $sim.Session -Force -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -Match 'RS162972.*primary'
    }

    It 'RS125930: warns about extensions the cluster may not know before 7.4.2-216' {
        $sim = Start-FitSimulator '--version', '7.4.2-215'
        $key = [Security.Cryptography.RSA]::Create(2048)
        $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=syncer.cluster.local', $key, [Security.Cryptography.HashAlgorithmName]::SHA256, [Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $request.CertificateExtensions.Add([Security.Cryptography.X509Certificates.X509Extension]::new('1.3.6.1.4.1.99999.1', [byte[]](5, 0), $false))
        $certificate = $request.CreateSelfSigned([datetime]::UtcNow.AddDays(-1), [datetime]::UtcNow.AddDays(90))
        $result = Test-RECertificate -Name syncer -Certificate $certificate.ExportCertificatePem() -Key (ConvertTo-SecureString $key.ExportPkcs8PrivateKeyPem() -AsPlainText -Force) -Session $sim.Session
        $result.IsValid | Should -BeTrue
        "$($result.Warnings)" | Should -Match '1\.3\.6\.1\.4\.1\.99999\.1.*RS125930'
    }
}

Describe 'The cipher-suite check of 8.2' {
    BeforeAll {
        $script:sim = Start-FitSimulator '--version', '8.2.0-46', '--control-cipher-suites', 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256'
        $script:ec = New-Leaf -Options @{ Algorithm = 'ECDSA'; KeySize = 256 }
    }
    BeforeEach { Clear-RESimulatorRequest $sim }

    It 'refuses an ECDSA api certificate when only RSA suites are configured, naming the setting' {
        Set-RECertificate -Name api -Certificate $ec.ChainPem -Key (ConvertTo-SecureString $ec.KeyPem -AsPlainText -Force) -Session $sim.Session -Force -ErrorAction SilentlyContinue -ErrorVariable failed
        $mismatch = $failed | Where-Object { $_.FullyQualifiedErrorId -like 'CipherSuiteMismatch*' }
        $mismatch | Should -Not -BeNullOrEmpty
        "$mismatch" | Should -Match 'control_cipher_suites'
        @(Get-Writes $sim).Count | Should -Be 0
        # The read of the settings is the one request: GET /v1/cluster.
        @(Get-RESimulatorRequest $sim | Where-Object path -eq '/v1/cluster').Count | Should -Be 1
    }

    It 'is the cluster''s own check too, so the module only says it first' {
        Send-Direct $sim @(@{ name = 'api'; certificate = $ec.ChainPem; key = $ec.KeyPem }) | Should -Be 400
    }

    It 'lets the proxy through, whose data path serves either key by default' {
        Set-RECertificate -Name proxy -Certificate $ec.ChainPem -Key (ConvertTo-SecureString $ec.KeyPem -AsPlainText -Force) -Session $sim.Session -Force
        Get-WrittenName (Get-Writes $sim)[0] | Should -Be 'proxy'
    }
}
