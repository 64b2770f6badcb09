# Set-RECertificate against the simulator: every input form and file naming convention, local validation with
# nothing sent, ShouldProcess, the cluster's answers (retries, 403, 406, old clusters), api re-pinning, reminders.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator
    # Two retries keep the backoff of the 409 tests short (about 1 s + 2 s at most).
    $script:session = Connect-RETestCluster $sim -Extra @{ MaximumRetryCount = 2 }

    $script:root = New-RETestCertificate -Subject 'CN=Set Tests Root CA' -CertificateAuthority -NotAfter ([datetime]::UtcNow.AddDays(3650))
    $script:intermediate = New-RETestCertificate -Subject 'CN=Set Tests Intermediate CA' -CertificateAuthority -Issuer $root -NotAfter ([datetime]::UtcNow.AddDays(1825))

    function New-Leaf {
        # A leaf signed by the test intermediate; ChainPem is leaf then intermediate, as a cluster holds it.
        param([string] $Name = 'proxy', [hashtable] $Options = @{})
        $leaf = New-RETestCertificate -Subject "CN=$Name.cluster.local" -DnsName "$Name.cluster.local" -Issuer $script:intermediate @Options
        [pscustomobject]@{
            Leaf       = $leaf
            ChainPem   = $leaf.CertificatePem.TrimEnd() + "`n" + $script:intermediate.CertificatePem.TrimEnd() + "`n"
            KeyPem     = $leaf.KeyPem
            Thumbprint = $leaf.Thumbprint
        }
    }
    function New-TestFolder {
        $folder = Join-Path ([IO.Path]::GetTempPath()) ('set-tests-' + [guid]::NewGuid().ToString('n'))
        (New-Item -ItemType Directory -Path $folder).FullName
    }
    function Get-Writes($Simulator = $script:sim) { @(Get-RESimulatorRequest $Simulator -Write) }

    # A new proxy leaf each time, so each rotation really changes what the cluster holds (the same one is not sent again).
    function Get-NextProxy { New-Leaf proxy }
    $script:syncerLeaf = New-Leaf syncer
    $script:folders = [Collections.Generic.List[string]]::new()
}

AfterAll {
    $script:sim | Stop-RESimulator
    $script:folders | ForEach-Object { Remove-Item -LiteralPath $_ -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Set-RECertificate' {
BeforeEach {
    Clear-RESimulatorRequest $sim
    $script:dir = New-TestFolder
    $script:folders.Add($dir)
}

Describe 'Set-RECertificate input forms' {
    It 'takes -Path with wildcards and sends everything in ONE request' {
        $proxy = Get-NextProxy
        Write-RETestPem $dir proxy.pem $proxy.ChainPem; Write-RETestPem $dir proxy.key $proxy.KeyPem
        Write-RETestPem $dir syncer.pem ($syncerLeaf.ChainPem + $syncerLeaf.KeyPem)
        Set-RECertificate -Path (Join-Path $dir '*.pem') -Force -WarningAction SilentlyContinue
        $writes = Get-Writes
        $writes.Count | Should -Be 1
        $writes[0].path | Should -Be '/v1/cluster/certificates'
        $writes[0].status | Should -Be 200
        @($writes[0].certificateNames) | Sort-Object | Should -Be @('proxy', 'syncer')
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
        Get-RESimulatorThumbprint $sim syncer | Should -Be (@($syncerLeaf.Thumbprint) * 3)
    }

    It 'takes -LiteralPath with characters -Path would read as wildcards' {
        $proxy = Get-NextProxy
        $folder = (New-Item -ItemType Directory -Path (Join-Path $dir 'certs[1]')).FullName
        $file = Write-RETestPem $folder proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
        Set-RECertificate -LiteralPath $file -Force -WarningAction SilentlyContinue
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }

    It 'binds FileInfo piped from Get-ChildItem, and pairs the key piped with it' {
        $proxy = Get-NextProxy
        Write-RETestPem $dir proxy.pem $proxy.ChainPem; Write-RETestPem $dir proxy.key $proxy.KeyPem
        Get-ChildItem -LiteralPath $dir | Set-RECertificate -Force -WarningAction SilentlyContinue
        (Get-Writes).Count | Should -Be 1
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }

    It 'resolves relative paths against PowerShell''s location, not the process''s' {
        $proxy = Get-NextProxy
        Write-RETestPem $dir proxy.pem $proxy.ChainPem; Write-RETestPem $dir proxy.key $proxy.KeyPem
        $processDirectory = [Environment]::CurrentDirectory
        Push-Location $dir
        try {
            [Environment]::CurrentDirectory = [IO.Path]::GetTempPath()
            Set-RECertificate proxy.pem -Force -WarningAction SilentlyContinue
            Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)

            $proxy = Get-NextProxy
            Write-RETestPem $dir proxy.pem $proxy.ChainPem; Write-RETestPem $dir proxy.key $proxy.KeyPem
            Set-RECertificate -LiteralPath ./proxy.pem -Force -WarningAction SilentlyContinue
            Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
        }
        finally {
            Pop-Location
            [Environment]::CurrentDirectory = $processDirectory
        }
    }

    It 'takes -Name -Certificate -Key, and a key pasted into -Certificate' {
        $proxy = Get-NextProxy
        $key = ConvertTo-SecureString $proxy.KeyPem -AsPlainText -Force
        Set-RECertificate -Name proxy -Certificate $proxy.ChainPem -Key $key -Force -WarningAction SilentlyContinue
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)

        $proxy = Get-NextProxy
        Set-RECertificate -Name proxy -Certificate ($proxy.ChainPem + $proxy.KeyPem) -Force -WarningAction SilentlyContinue
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
        # The caller's SecureString is still whole: the module copied it and wiped only its own copy.
        [Net.NetworkCredential]::new('', $key).Password | Should -BeLike '-----BEGIN*'
    }

    It 'takes -Name and -KeyPath with a file named any way' {
        $proxy = Get-NextProxy
        $certificate = Write-RETestPem $dir 'issued-2026.txt' $proxy.ChainPem
        $keyFolder = (New-Item -ItemType Directory -Path (Join-Path $dir 'private')).FullName
        $key = Write-RETestPem $keyFolder 'secret.txt' $proxy.KeyPem
        Set-RECertificate -Path $certificate -Name proxy -KeyPath $key -Force -WarningAction SilentlyContinue
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }

    It 'copies a certificate between two clusters, ignoring the session the object came from' {
        $other = Start-RESimulator -ClusterName 'other.local'
        try {
            $otherSession = Connect-RETestCluster $other -NoDefault
            $source = Get-RECertificate proxy -IncludePrivateKey -Session $otherSession
            Clear-RESimulatorRequest $other
            # No -Session: the default session ($sim) is the target, not the object's own Session.
            $source | Set-RECertificate -Force -WarningAction SilentlyContinue
            Get-RESimulatorThumbprint $sim proxy | Should -Be (@($source.Thumbprint) * 3)
            (Get-Writes $other).Count | Should -Be 0

            # And with -Session, to the other cluster (the syncer of this one goes there).
            Get-RECertificate syncer -IncludePrivateKey | Set-RECertificate -Session $otherSession -Force -WarningAction SilentlyContinue
            Get-RESimulatorThumbprint $other syncer | Should -Be (@((Get-RECertificate syncer).Thumbprint) * 3)
        }
        finally { $other | Stop-RESimulator }
    }

    It 'refuses an object read without its key, sending nothing' {
        $certificate = Get-RECertificate proxy
        $certificate | Set-RECertificate -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PrivateKeyMissing,*'
        "$($failures[0])" | Should -BeLike '*-IncludePrivateKey*'
        (Get-Writes).Count | Should -Be 0
    }
}

Describe 'Set-RECertificate file naming' {
    It 'reads <File> as the certificate of proxy, with its key beside it in proxy.key' -ForEach @(
        @{ File = 'proxy.pem' }, @{ File = 'proxy.crt' }, @{ File = 'proxy_cert.pem' }, @{ File = 'proxy-cert.pem' },
        @{ File = 'proxy.cert.pem' }, @{ File = 'PROXY.PEM' }
    ) {
        $proxy = Get-NextProxy
        $certificate = Write-RETestPem $dir $File $proxy.ChainPem
        Write-RETestPem $dir proxy.key $proxy.KeyPem
        Set-RECertificate -LiteralPath $certificate -Force -WarningAction SilentlyContinue
        $writes = Get-Writes
        @($writes[0].certificateNames) | Should -Be @('proxy')
        $writes[0].status | Should -Be 200
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }

    It 'finds the key of proxy.pem beside it in <Key>, not piped' -ForEach @(
        @{ Key = 'proxy.key' }, @{ Key = 'proxy_key.pem' }, @{ Key = 'proxy-key.pem' }, @{ Key = 'proxy.key.pem' }
    ) {
        $proxy = Get-NextProxy
        $certificate = Write-RETestPem $dir proxy.pem $proxy.ChainPem
        $keyFile = Write-RETestPem $dir $Key $proxy.KeyPem
        $verbose = Set-RECertificate -LiteralPath $certificate -Force -Verbose -WarningAction SilentlyContinue 4>&1
        ($verbose | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message |
            Should -Contain "Certificate 'proxy' from $certificate, with the key file found beside it, '$keyFile'."
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }

    It 'pairs a key piped separately, from another folder, by name (<Key>)' -ForEach @(
        @{ Key = 'proxy.key' }, @{ Key = 'proxy_key.pem' }
    ) {
        $proxy = Get-NextProxy
        $certificate = Write-RETestPem $dir proxy.pem $proxy.ChainPem
        $keyFolder = (New-Item -ItemType Directory -Path (Join-Path $dir 'keys')).FullName
        $keyFile = Write-RETestPem $keyFolder $Key $proxy.KeyPem
        Get-Item -LiteralPath $certificate, $keyFile | Set-RECertificate -Force -WarningAction SilentlyContinue
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }

    It 'reads a file holding certificate and key together' {
        $proxy = Get-NextProxy
        Set-RECertificate (Write-RETestPem $dir proxy.pem ($proxy.KeyPem + $proxy.ChainPem)) -Force -WarningAction SilentlyContinue
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }

    It 'reads - as _: metrics-exporter.pem is metrics_exporter' {
        $metrics = New-Leaf metrics-exporter
        Write-RETestPem $dir metrics-exporter.pem $metrics.ChainPem; Write-RETestPem $dir metrics-exporter.key $metrics.KeyPem
        Set-RECertificate (Join-Path $dir 'metrics-exporter.pem') -Force
        @((Get-Writes)[0].certificateNames) | Should -Be @('metrics_exporter')
        Get-RESimulatorThumbprint $sim metrics_exporter | Should -Be (@($metrics.Thumbprint) * 3)
    }
}

Describe 'Set-RECertificate refuses bad input without sending anything' {
    It 'refuses <Case> (<Id>) among good files: the error names it, and zero writes reach the cluster' -ForEach @(
        @{ Case = 'an expired certificate'; Id = 'CertificateExpired' }
        @{ Case = 'a certificate not yet valid'; Id = 'CertificateNotYetValid' }
        @{ Case = 'a key of another certificate'; Id = 'KeyMismatch' }
        @{ Case = 'a chain out of order'; Id = 'ChainOutOfOrder' }
        @{ Case = 'a chain with an unrelated certificate'; Id = 'ChainBroken' }
        @{ Case = 'a certificate without its key'; Id = 'PrivateKeyMissing' }
        @{ Case = 'a key for a key-less name'; Id = 'PrivateKeyNotAllowed' }
        @{ Case = 'a file that is not PEM'; Id = 'NotPem' }
        @{ Case = 'two files for one name'; Id = 'DuplicateCertificateName' }
        @{ Case = 'a key no certificate claims'; Id = 'KeyOnlyNoCertificate' }
        @{ Case = 'a file that does not exist'; Id = 'FileNotFound' }
        @{ Case = 'a file name that names no certificate'; Id = 'UnrecognizedFileName' }
    ) {
        # Two good certificates, then the bad one.
        $proxy = Get-NextProxy
        Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
        Write-RETestPem $dir syncer.pem ($syncerLeaf.ChainPem + $syncerLeaf.KeyPem)
        $paths = @((Join-Path $dir proxy.pem), (Join-Path $dir syncer.pem))
        $before = Get-RESimulatorThumbprint $sim proxy
        $bad = Join-Path $dir cm.pem
        switch ($Id) {
            'CertificateExpired' { $cm = New-Leaf cm @{ NotBefore = [datetime]::UtcNow.AddDays(-30); NotAfter = [datetime]::UtcNow.AddDays(-1) }; Write-RETestPem $dir cm.pem ($cm.ChainPem + $cm.KeyPem) }
            'CertificateNotYetValid' { $cm = New-Leaf cm @{ NotBefore = [datetime]::UtcNow.AddDays(2) }; Write-RETestPem $dir cm.pem ($cm.ChainPem + $cm.KeyPem) }
            'KeyMismatch' { $paths += Write-RETestPem $dir cm.pem $syncerLeaf.ChainPem; $bad = Write-RETestPem $dir cm.key $proxy.KeyPem }
            'ChainOutOfOrder' { $cm = New-Leaf cm; Write-RETestPem $dir cm.pem ($intermediate.CertificatePem + $cm.Leaf.CertificatePem + $cm.KeyPem) }
            'ChainBroken' { $cm = New-Leaf cm; $stranger = New-RETestCertificate -Subject 'CN=Unrelated CA' -CertificateAuthority; Write-RETestPem $dir cm.pem ($cm.Leaf.CertificatePem + $stranger.CertificatePem + $cm.KeyPem) }
            'PrivateKeyMissing' { Write-RETestPem $dir cm.pem $syncerLeaf.ChainPem }
            'PrivateKeyNotAllowed' { $bad = Write-RETestPem $dir mtls_trusted_ca.pem ($root.CertificatePem + $root.KeyPem) }
            'NotPem' { Write-RETestPem $dir cm.pem 'this is not a certificate' }
            'DuplicateCertificateName' { $bad = Write-RETestPem $dir proxy.crt ($proxy.ChainPem + $proxy.KeyPem) }
            'KeyOnlyNoCertificate' { $bad = Write-RETestPem $dir ldap_client.key $proxy.KeyPem }
            'FileNotFound' { $bad = Join-Path $dir 'absent.pem' }
            'UnrecognizedFileName' { $bad = Write-RETestPem $dir 'cm.txt' ($proxy.ChainPem + $proxy.KeyPem) }
        }
        Set-RECertificate -LiteralPath ($paths + $bad) -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        (Get-Writes).Count | Should -Be 0
        $failure = $failures | Where-Object { $_.FullyQualifiedErrorId -like "$Id,*" } | Select-Object -First 1
        $failure | Should -Not -BeNullOrEmpty -Because "an error with id $Id is expected; got: $($failures.FullyQualifiedErrorId -join ', ')"
        $failure.FullyQualifiedErrorId | Should -Be "$Id,RECertificates.Commands.SetRECertificateCommand"
        "$failure" | Should -BeLike "*$(Split-Path $bad -Leaf)*"
        $failure.CategoryInfo.Category | Should -Not -Be 'NotSpecified'
        # The last word says that nothing was sent.
        $failures[-1].FullyQualifiedErrorId | Should -Be 'NothingSent,RECertificates.Commands.SetRECertificateCommand'
        "$($failures[-1])" | Should -BeLike '*Nothing was sent*'
        # The good ones were not sent on their own either.
        Get-RESimulatorThumbprint $sim proxy | Should -Be $before
    }

    It 'reports a wildcard that matches nothing as FileNotFound naming the pattern' {
        Set-RECertificate -Path (Join-Path $dir 'nothing*.pem') -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'FileNotFound,*'
        $failures[0].TargetObject | Should -Be (Join-Path $dir 'nothing*.pem')
        "$($failures[0])" | Should -BeLike '*nothing`*.pem*'
        (Get-Writes).Count | Should -Be 0
    }

    It 'refuses a path of another provider' {
        Set-RECertificate -LiteralPath 'Env:\PATH' -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NotFileSystemPath,*'
        (Get-Writes).Count | Should -Be 0
    }
}

Describe 'Set-RECertificate warnings of the validator' {
    BeforeAll {
        # sha1WithRSAEncryption, which .NET's own generators refuse to sign.
        if (-not ('RECertificatesTests.Sha1Generator' -as [type])) {
            Add-Type -TypeDefinition @'
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
namespace RECertificatesTests {
    public sealed class Sha1Generator : X509SignatureGenerator {
        private readonly RSA _rsa;
        public Sha1Generator(RSA rsa) { _rsa = rsa; }
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) =>
            new byte[] { 0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05, 0x05, 0x00 };
        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => _rsa.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        protected override PublicKey BuildPublicKey() => X509SignatureGenerator.CreateForRSA(_rsa, RSASignaturePadding.Pkcs1).PublicKey;
    }
}
'@
        }
    }

    It 'warns about <Case> and still sends it, the cluster accepting it' -ForEach @(
        @{ Case = 'an RSA key below 2048 bits'; Like = '*RSA 1024*' }
        @{ Case = 'a SHA-1 signature'; Like = '*SHA-1*' }
        @{ Case = 'a missing serverAuth/clientAuth extended key usage'; Like = '*extended key usage*' }
        @{ Case = 'expiry within 30 days'; Like = '*expires on*plan its replacement*' }
    ) {
        switch -Wildcard ($Case) {
            '*RSA*' { $ldap = New-Leaf ldap_client @{ KeySize = 1024 }; $chain = $ldap.ChainPem; $key = $ldap.KeyPem; $thumbprint = $ldap.Thumbprint }
            '*SHA-1*' {
                $rsa = [Security.Cryptography.RSA]::Create(2048)
                $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=ldap-sha1', $rsa, 'SHA256', [Security.Cryptography.RSASignaturePadding]::Pkcs1)
                $usages = [Security.Cryptography.OidCollection]::new(); $null = $usages.Add('1.3.6.1.5.5.7.3.1'); $null = $usages.Add('1.3.6.1.5.5.7.3.2')
                $request.CertificateExtensions.Add([Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($usages, $false))
                $certificate = $request.Create([Security.Cryptography.X509Certificates.X500DistinguishedName]::new('CN=ldap-sha1'), [RECertificatesTests.Sha1Generator]::new($rsa),
                    [DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(300), [byte[]](1, 2, 3))
                $chain = $certificate.ExportCertificatePem(); $key = $rsa.ExportPkcs8PrivateKeyPem(); $thumbprint = $certificate.Thumbprint
            }
            '*usage*' { $ldap = New-Leaf ldap_client @{ NoEnhancedKeyUsage = $true }; $chain = $ldap.ChainPem; $key = $ldap.KeyPem; $thumbprint = $ldap.Thumbprint }
            '*30 days*' { $ldap = New-Leaf ldap_client @{ NotAfter = [datetime]::UtcNow.AddDays(10) }; $chain = $ldap.ChainPem; $key = $ldap.KeyPem; $thumbprint = $ldap.Thumbprint }
        }
        $file = Write-RETestPem $dir ldap_client.pem ($chain + $key)
        Set-RECertificate $file -Force -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable failures
        $failures.Count | Should -Be 0
        @($warnings | Where-Object { "$_" -like $Like }).Count | Should -Be 1 -Because "warnings were: $($warnings -join ' | ')"
        "$($warnings | Where-Object { "$_" -like $Like })" | Should -BeLike '*ldap_client.pem*'
        (Get-Writes)[0].status | Should -Be 200
        Get-RESimulatorThumbprint $sim ldap_client | Should -Be (@($thumbprint) * 3)
    }

    It 'warns about a name this module does not know, sends it, and maps the cluster''s 403 to UnknownCertificate' {
        $future = New-Leaf future
        Set-RECertificate -Name future_feature -Certificate $future.ChainPem -Key (ConvertTo-SecureString $future.KeyPem -AsPlainText -Force) -Force `
            -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable failures -ErrorAction SilentlyContinue
        "$warnings" | Should -BeLike "*'future_feature' is not a certificate name this module knows*"
        $writes = Get-Writes
        $writes.Count | Should -Be 1
        $writes[0].status | Should -Be 403
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'UnknownCertificate,RECertificates.Commands.SetRECertificateCommand'
        $failures[0].Exception | Should -BeOfType ([RECertificates.REApiException])
        $failures[0].Exception.StatusCode | Should -Be 403
        "$($failures[0])" | Should -BeLike "*'future_feature'*"
    }

    It 'warns about an ECDSA key on an internode certificate; the cluster''s 400 becomes InvalidCertificate' {
        $ecdsa = New-Leaf ccs @{ Algorithm = 'ECDSA'; KeySize = 256 }
        Set-RECertificate (Write-RETestPem $dir ccs_internode_encryption.pem ($ecdsa.ChainPem + $ecdsa.KeyPem)) -Force `
            -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable failures -ErrorAction SilentlyContinue
        "$warnings" | Should -BeLike '*ECDSA P-256 key*internode*RSA*'
        (Get-Writes)[0].status | Should -Be 400
        $failures[0].FullyQualifiedErrorId | Should -Be 'InvalidCertificate,RECertificates.Commands.SetRECertificateCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }
}

Describe 'Set-RECertificate confirmation' {
    BeforeAll {
        $script:childEnvironment = @{
            RECERT_TEST_URL = $sim.Url; RECERT_TEST_THUMBPRINT = $sim.Thumbprint
            RECERT_TEST_USER = $sim.Credential.UserName; RECERT_TEST_PASSWORD = $sim.Credential.GetNetworkCredential().Password
        }
        $script:childPrologue = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:RECERT_MODULE_PATH
$credential = [pscredential]::new($env:RECERT_TEST_USER, (ConvertTo-SecureString $env:RECERT_TEST_PASSWORD -AsPlainText -Force))
$null = Connect-RECluster $env:RECERT_TEST_URL -Credential $credential -CertificateThumbprint $env:RECERT_TEST_THUMBPRINT
Set-Location $env:RECERT_TEST_FOLDER

'@
    }

    It '-WhatIf sends nothing and names the old and the new certificate' {
        $before = (Get-RECertificate proxy)
        $proxy = Get-NextProxy
        Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
        $child = Invoke-FreshPwsh -Script ($childPrologue + 'Get-ChildItem *.pem | Set-RECertificate -WhatIf') -Environment ($childEnvironment + @{ RECERT_TEST_FOLDER = $dir })
        $child.ExitCode | Should -Be 0 -Because $child.ErrorOutput
        $child.Output | Should -BeLike "*What if: Replace certificate 'proxy' on cluster 'cluster.local': $($before.Subject) (thumbprint $($before.Thumbprint), expires *) -> CN=proxy.cluster.local (thumbprint $($proxy.Thumbprint), expires *)*"
        (Get-Writes).Count | Should -Be 0
        (Get-RECertificate proxy).Thumbprint | Should -Be $before.Thumbprint
    }

    It 'says "not set" for a name the cluster does not hold yet' {
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = $null; ldap_client_key = $null }
        $ldap = New-Leaf ldap_client
        Write-RETestPem $dir ldap_client.pem ($ldap.ChainPem + $ldap.KeyPem)
        $child = Invoke-FreshPwsh -Script ($childPrologue + 'Set-RECertificate -LiteralPath ./ldap_client.pem -WhatIf') -Environment ($childEnvironment + @{ RECERT_TEST_FOLDER = $dir })
        $child.ExitCode | Should -Be 0 -Because $child.ErrorOutput
        $child.Output | Should -BeLike "*What if: Replace certificate 'ldap_client' on cluster 'cluster.local': not set -> CN=ldap_client.cluster.local (thumbprint $($ldap.Thumbprint), expires *)*"
        (Get-Writes).Count | Should -Be 0
    }

    It '-Confirm:$false never prompts, even in a non-interactive process' {
        $proxy = Get-NextProxy
        Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
        $child = Invoke-FreshPwsh -Script ($childPrologue + 'Get-ChildItem *.pem | Set-RECertificate -Confirm:$false -WarningAction SilentlyContinue; "done"') -Environment ($childEnvironment + @{ RECERT_TEST_FOLDER = $dir })
        $child.ExitCode | Should -Be 0 -Because $child.ErrorOutput
        $child.Output | Should -BeLike '*done*'
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }

    It '-Force never prompts either; without either, a non-interactive process is asked and nothing is sent' {
        $proxy = Get-NextProxy
        Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
        $asked = Invoke-FreshPwsh -Script ($childPrologue + 'Get-ChildItem *.pem | Set-RECertificate') -Environment ($childEnvironment + @{ RECERT_TEST_FOLDER = $dir })
        $asked.ExitCode | Should -Not -Be 0
        "$($asked.Output)$($asked.ErrorOutput)" | Should -BeLike '*NonInteractive*'
        (Get-Writes).Count | Should -Be 0

        $forced = Invoke-FreshPwsh -Script ($childPrologue + 'Get-ChildItem *.pem | Set-RECertificate -Force -WarningAction SilentlyContinue; "done"') -Environment ($childEnvironment + @{ RECERT_TEST_FOLDER = $dir })
        $forced.ExitCode | Should -Be 0 -Because $forced.ErrorOutput
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }

    It 'leaves certificates declined at the prompt out of the one request' {
        $proxy = Get-NextProxy
        $syncer = New-Leaf syncer
        Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
        Write-RETestPem $dir syncer.pem ($syncer.ChainPem + $syncer.KeyPem)
        $beforeSyncer = Get-RESimulatorThumbprint $sim syncer
        # An interactive process whose console input is redirected: it answers Yes for proxy, No for syncer (name order).
        $script = Join-Path $dir 'answer.ps1'
        Set-Content -LiteralPath $script -Value ($childPrologue + 'Get-ChildItem *.pem | Set-RECertificate -WarningAction SilentlyContinue') -Encoding utf8
        $command = Get-PwshCommand
        $start = [Diagnostics.ProcessStartInfo]::new($command[0])
        foreach ($part in @($command | Select-Object -Skip 1) + @('-NoProfile', '-File', $script)) { $start.ArgumentList.Add($part) }
        $start.UseShellExecute = $false
        $start.RedirectStandardInput = $true; $start.RedirectStandardOutput = $true; $start.RedirectStandardError = $true
        $start.Environment['RECERT_MODULE_PATH'] = (Get-RETestPath).Module
        foreach ($pair in ($childEnvironment + @{ RECERT_TEST_FOLDER = $dir }).GetEnumerator()) { $start.Environment[$pair.Key] = [string]$pair.Value }
        $process = [Diagnostics.Process]::Start($start)
        $process.StandardInput.Write("Y`nN`n"); $process.StandardInput.Close()
        $output = $process.StandardOutput.ReadToEndAsync(); $errors = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(120000)) { $process.Kill($true) }
        $process.WaitForExit()
        $process.ExitCode | Should -Be 0 -Because $errors.Result
        # The prompt said what is replaced by what (the host wraps long lines).
        ($output.Result -replace '\s+', ' ') | Should -BeLike "*Replace certificate 'proxy'*-> CN=proxy.cluster.local (thumbprint $($proxy.Thumbprint)*"
        $writes = Get-Writes
        $writes.Count | Should -Be 1
        @($writes[0].certificateNames) | Should -Be @('proxy')
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
        Get-RESimulatorThumbprint $sim syncer | Should -Be $beforeSyncer
    }

    It '-Force with -WhatIf still only reports' {
        $before = (Get-RECertificate proxy).Thumbprint
        $proxy = Get-NextProxy
        Set-RECertificate (Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)) -Force -WhatIf 6>$null
        (Get-Writes).Count | Should -Be 0
        (Get-RECertificate proxy).Thumbprint | Should -Be $before
    }
}

Describe 'Set-RECertificate and the cluster''s answers' {
    AfterEach { Clear-RESimulatorFault $sim }

    It 'retries a 409 (not all nodes updated) and converges: every node holds the new certificate' {
        Set-RESimulatorFault $sim @{ failNodeUpdates = 1 }
        $proxy = Get-NextProxy
        $output = Set-RECertificate (Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)) -Force -Verbose -WarningAction SilentlyContinue -ErrorVariable failures 4>&1
        $failures.Count | Should -Be 0
        $writes = Get-Writes
        $writes.status | Should -Be @(409, 200)
        @(($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message -like '*attempt 1 of 3 got 409*retrying in*').Count | Should -Be 1
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }

    It 'stops after MaximumRetryCount retries of a persistent 409 with ClusterPartiallyUpdated, saying how to check' {
        Set-RESimulatorFault $sim @{ failNodeUpdates = 100 }
        $proxy = Get-NextProxy
        Set-RECertificate (Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)) -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
        (Get-Writes).Count | Should -Be 3   # MaximumRetryCount (2) + 1
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ClusterPartiallyUpdated,RECertificates.Commands.SetRECertificateCommand'
        $failures[0].Exception.StatusCode | Should -Be 409
        "$($failures[0])" | Should -BeLike '*partly updated*Get-RECertificate*'
        # No reminder for a change that did not complete.
        $warnings | Where-Object { "$_" -like '*crdb-cli*' } | Should -BeNullOrEmpty
        # The cluster really is split: the last node kept the old certificate.
        (Get-RESimulatorThumbprint $sim proxy)[-1] | Should -Not -Be $proxy.Thumbprint
        Clear-RESimulatorFault $sim
        # Running the same command again is safe and finishes the job.
        Set-RECertificate (Join-Path $dir proxy.pem) -Force -WarningAction SilentlyContinue
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }

    It 'maps a 406 from the cluster to CertificateExpired' {
        Set-RESimulatorFault $sim @{ status = @{ code = 406; count = 1; method = 'PUT' } }
        $proxy = Get-NextProxy
        Set-RECertificate (Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)) -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        (Get-Writes).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'CertificateExpired,RECertificates.Commands.SetRECertificateCommand'
        $failures[0].Exception.StatusCode | Should -Be 406
        "$($failures[0])" | Should -BeLike "*'proxy'*expired*"
    }

    It 'maps a 503 that persists to ClusterUnavailable, sending again only after reading back that nothing was applied' {
        Set-RESimulatorFault $sim @{ status = @{ code = 503; count = 10; method = 'PUT' } }
        # A leaf the cluster has never held: a 503 for what it already holds would read back as applied.
        $proxy = New-Leaf proxy
        Set-RECertificate (Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)) -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        (Get-Writes).Count | Should -Be 3
        $failures[0].FullyQualifiedErrorId | Should -Be 'ClusterUnavailable,RECertificates.Commands.SetRECertificateCommand'
        "$($failures[0])" | Should -BeLike '*after 3 attempt(s)*read the certificates back*did not apply*'
        # Each further send came after a read-back.
        $sequence = (Get-RESimulatorRequest $sim | ForEach-Object { "$($_.method) $($_.path)" }) -join ' | '
        $sequence | Should -BeLike '*PUT /v1/cluster/certificates | GET /v1/cluster | GET /v1/cluster/certificates | PUT*'
    }

    It 'tells a cluster older than 7.22.2 to use Update-RECertificateLegacy' {
        $old = Start-RESimulator -ArgumentList '--version', '7.4.2-54'
        try {
            $oldSession = Connect-RETestCluster $old -NoDefault
            $proxy = Get-NextProxy
            Set-RECertificate (Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)) -Session $oldSession -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            # Known from the version read at connect: refused before anything is sent.
            $failures[0].FullyQualifiedErrorId | Should -Be 'ClusterVersionTooOld,RECertificates.Commands.SetRECertificateCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'NotImplemented'
            "$($failures[0])" | Should -BeLike '*7.4.2-54*Update-RECertificateLegacy*'
            @(Get-RESimulatorRequest $old -Write).Count | Should -Be 0
        }
        finally { $old | Stop-RESimulator }
    }

    It 'stops before reading files when there is no session' {
        $modulePath = (Get-RETestPath).Module
        $result = 1 | ForEach-Object -Parallel {
            Import-Module $using:modulePath
            try { Set-RECertificate -LiteralPath '/nonexistent/proxy.pem' -Force -ErrorAction Stop; 'ran' } catch { $_.FullyQualifiedErrorId }
        }
        $result | Should -BeLike 'NoSession,*'
    }
}

Describe 'Set-RECertificate after the update' {
    It 'reminds about Active-Active and Replica Of after <Name>' -ForEach @(@{ Name = 'proxy' }, @{ Name = 'syncer' }) {
        $leaf = if ($Name -eq 'proxy') { Get-NextProxy } else { New-Leaf syncer }
        Set-RECertificate (Write-RETestPem $dir "$Name.pem" ($leaf.ChainPem + $leaf.KeyPem)) -Force -WarningVariable warnings -WarningAction SilentlyContinue
        $reminder = @($warnings | Where-Object { "$_" -like '*crdb-cli crdb update --crdb-guid <GUID> --force*' })
        $reminder.Count | Should -Be 1
        "$reminder" | Should -BeLike "*'$Name'*Replica Of*"
    }

    It 'does not remind after a certificate that needs no follow-up (cm)' {
        $cm = New-Leaf cm
        Set-RECertificate (Write-RETestPem $dir cm.pem ($cm.ChainPem + $cm.KeyPem)) -Force -WarningVariable warnings
        $warnings | Where-Object { "$_" -like '*crdb-cli*' } | Should -BeNullOrEmpty
    }

    It '-PassThru emits the new certificates as read back from the cluster' {
        $proxy = Get-NextProxy
        Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
        Write-RETestPem $dir syncer.pem ($syncerLeaf.ChainPem + $syncerLeaf.KeyPem)
        $result = Get-ChildItem -LiteralPath $dir | Set-RECertificate -Force -PassThru -WarningAction SilentlyContinue
        $result | ForEach-Object { $_ | Should -BeOfType ([RECertificates.RECertificate]) }
        $result.Name | Should -Be @('proxy', 'syncer')
        $result.Thumbprint | Should -Be @($proxy.Thumbprint, $syncerLeaf.Thumbprint)
        $result[0].ChainLength | Should -Be 2
        $result[0].ClusterName | Should -Be 'cluster.local'
        $result[0].Session | Should -Be $session
        # The confirmation's and the read-back (a proxy change also asks GET /v1/ocsp, Lifecycle.Tests.ps1's subject).
        @(Get-RESimulatorRequest $sim | Where-Object { $_.method -eq 'GET' -and $_.path -eq '/v1/cluster/certificates' }).Count | Should -Be 2
    }

    It 'emits nothing without -PassThru' {
        $proxy = Get-NextProxy
        @(Set-RECertificate (Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)) -Force -WarningAction SilentlyContinue).Count | Should -Be 0
    }
}

Describe 'Set-RECertificate rotating api' {
    BeforeAll {
        $script:apiSim = Start-RESimulator -ClusterName 'api.cluster.local'
        $script:apiSession = Connect-RETestCluster $apiSim -NoDefault
    }
    AfterAll { $script:apiSim | Stop-RESimulator }

    It 're-pins a session that pinned the old api certificate, so the same session keeps working' {
        $api = New-Leaf api @{ DnsName = @('localhost', 'api.cluster.local') }
        $output = Set-RECertificate (Write-RETestPem $dir api.pem ($api.ChainPem + $api.KeyPem)) -Session $apiSession -Force -Verbose 4>&1
        ($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -like '*pin moved*' }).Message |
            Should -BeLike "*$($api.Thumbprint)*"
        $apiSession.CertificateThumbprint | Should -Be @($api.Thumbprint)

        # The cluster now presents the new certificate to new connections: the old pin is refused ...
        { Connect-RECluster $apiSim.Url -Credential $apiSim.Credential -CertificateThumbprint $apiSim.Thumbprint -NoDefault -ErrorAction Stop } |
            Should -Throw -ErrorId 'ServerCertificateNotTrusted*'
        # ... and the same session still works, even on a new connection (the dropped one forces a new handshake).
        Set-RESimulatorFault $apiSim @{ dropConnections = 1 }
        (Get-RECertificate api -Session $apiSession).Thumbprint | Should -Be $api.Thumbprint
        Clear-RESimulatorFault $apiSim
    }

    It 'keeps a SHA-256 pin a SHA-256 pin' {
        $sha256Session = Connect-RECluster $apiSim.Url -Credential $apiSim.Credential -CertificateThumbprint (Get-RECertificate api -Session $apiSession).Certificate.GetCertHashString('SHA256') -NoDefault
        $api = New-Leaf api @{ DnsName = @('localhost', 'api.cluster.local') }
        Set-RECertificate (Write-RETestPem $dir api.pem ($api.ChainPem + $api.KeyPem)) -Session $sha256Session -Force
        $sha256Session.CertificateThumbprint | Should -Be @($api.Leaf.Certificate.GetCertHashString('SHA256'))
        (Get-RECertificate api -Session $sha256Session).Thumbprint | Should -Be $api.Thumbprint
    }

    It 'leaves an unpinned session alone' {
        $skipping = Connect-RECluster $apiSim.Url -Credential $apiSim.Credential -SkipCertificateCheck -NoDefault -WarningAction SilentlyContinue
        $api = New-Leaf api @{ DnsName = @('localhost', 'api.cluster.local') }
        Set-RECertificate (Write-RETestPem $dir api.pem ($api.ChainPem + $api.KeyPem)) -Session $skipping -Force -WarningAction SilentlyContinue
        $skipping.CertificateThumbprint | Should -BeNullOrEmpty
    }
}
}
