# Certificates the way Windows admins hold them: PKCS#12 (OpenSSL's AES and -legacy, .NET's Export, an empty
# password), DER, PEM with OpenSSL's Bag Attributes, encrypted keys (PKCS#8 and OpenSSL's legacy format), certificate
# objects (from a PFX and from .NET's X509Store), Posh-ACME's object and win-acme's four files. Every file is made at
# test time with openssl or .NET. Each source must work with Set-RECertificate (the simulator takes the chain and a
# key that matches it, or it answers 400), Test-RECertificate and Update-RECertificateLegacy; each bad input is refused
# by name, with nothing sent and no password or key in any stream. Also: special files (a FIFO, /dev/zero) fail at
# once, and importing the module loads no BouncyCastle.
BeforeDiscovery {
    # Built here, not in BeforeAll: Pester expands -ForEach at discovery. The files are made in BeforeAll, by Case.
    $script:sources = @(
        @{ Case = 'a PFX from openssl pkcs12 -export (AES-256, PBKDF2)'; Id = 'pfx-aes'; ChainLength = 2 }
        @{ Case = 'a PFX from openssl pkcs12 -export -legacy (RC2-40, 3DES)'; Id = 'pfx-legacy'; ChainLength = 2 }
        @{ Case = 'a PFX from X509Certificate2.Export (3DES), as .p12'; Id = 'pfx-dotnet'; ChainLength = 1 }
        @{ Case = 'a PFX with an empty password, given no -Password'; Id = 'pfx-empty'; ChainLength = 2 }
        @{ Case = 'a DER .cer from openssl x509 -outform der, its key beside'; Id = 'der'; ChainLength = 1 }
        @{ Case = 'PEM from openssl pkcs12 -nodes, with Bag Attributes before the blocks'; Id = 'bag'; ChainLength = 2 }
        @{ Case = 'an encrypted PKCS#8 key (openssl pkcs8 -topk8 -v2 aes-256-cbc) by -KeyPath'; Id = 'pkcs8'; ChainLength = 2 }
        @{ Case = 'a legacy encrypted key (openssl rsa -aes256 -traditional) beside'; Id = 'legacy-aes'; ChainLength = 2 }
        @{ Case = 'a legacy encrypted key (openssl rsa -des3 -traditional) in the same file'; Id = 'legacy-des3'; ChainLength = 2 }
        @{ Case = 'an X509Certificate2 loaded from a PFX, with -Name'; Id = 'x509-pfx'; ChainLength = 2 }
        @{ Case = 'an X509Certificate2 from X509Store CurrentUser\My, its chain from CurrentUser\CA, piped'; Id = 'x509-store'; ChainLength = 2 }
        @{ Case = "Posh-ACME's certificate object, piped"; Id = 'posh-acme'; ChainLength = 2 }
        @{ Case = "win-acme's four PEM files, piped"; Id = 'win-acme'; ChainLength = 2 }
    )
    $script:refused = @(
        @{ Case = 'a PFX with a wrong password'; Id = 'WrongPassword'; Bad = 'pfx-wrong' }
        @{ Case = 'a protected PFX without -Password'; Id = 'PasswordRequired'; Bad = 'pfx-nopassword' }
        @{ Case = 'a PFX cut short'; Id = 'InvalidPkcs12'; Bad = 'pfx-corrupt' }
        @{ Case = 'a PFX with no certificate'; Id = 'InvalidPkcs12'; Bad = 'pfx-nocert' }
        @{ Case = 'a PFX with no key for a name that needs one'; Id = 'PrivateKeyMissing'; Bad = 'pfx-nokey' }
        @{ Case = 'a PFX with two keys'; Id = 'AmbiguousPkcs12'; Bad = 'pfx-twokeys' }
        @{ Case = 'DER that is not a certificate'; Id = 'InvalidCertificate'; Bad = 'der-key' }
        @{ Case = 'a certificate object without its key'; Id = 'PrivateKeyMissing'; Bad = 'x509-nokey' }
        @{ Case = 'a certificate object without -Name or a FriendlyName that is one'; Id = 'NameRequired'; Bad = 'x509-noname' }
        @{ Case = 'a Posh-ACME object whose files are gone'; Id = 'FileNotFound'; Bad = 'posh-acme-gone' }
        @{ Case = 'an encrypted key with a wrong password'; Id = 'WrongPassword'; Bad = 'key-wrong' }
        @{ Case = 'an encrypted key without -Password'; Id = 'PasswordRequired'; Bad = 'key-nopassword' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator
    $script:legacySim = Start-RESimulator -ArgumentList '--version', '7.4.2-54'
    $script:session = Connect-RETestCluster $sim -NoDefault -Extra @{ MaximumRetryCount = 1 }
    $script:legacySession = Connect-RETestCluster $legacySim -NoDefault -Extra @{ MaximumRetryCount = 1 }

    $script:work = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) ('recert-sources-' + [guid]::NewGuid().ToString('n')))).FullName
    # Never a real secret; the tests look for it in every stream.
    $script:passwordText = 'Pfx-Test-Pa55word'
    $script:password = ConvertTo-SecureString $passwordText -AsPlainText -Force

    $script:chain = New-RETestChain -LeafSubject 'CN=proxy.sources.test' -DnsName 'proxy.sources.test', 'cluster.local', '*.cluster.local'
    $script:leaf = $chain.Leaf
    $script:other = New-RETestChain -LeafSubject 'CN=proxy.other.test' -DnsName 'proxy.other.test'
    # A fragment of the key's base64, to look for in the output.
    $script:keyFragment = ($leaf.KeyPem -split "`n")[3]

    function script:New-Folder([string] $Name) { (New-Item -ItemType Directory -Path (Join-Path $script:work $Name) -Force).FullName }
    function script:Write-Text([string] $Folder, [string] $FileName, [string] $Text) { Write-RETestPem (New-Folder $Folder) $FileName $Text }
    function script:Invoke-OpenSsl {
        $output = & openssl @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "openssl $($args -join ' ') failed: $output" }
    }

    # The raw material, as openssl takes it.
    $pem = New-Folder 'pem'
    $leafPem = Write-RETestPem $pem leaf.pem $leaf.CertificatePem
    $intermediatePem = Write-RETestPem $pem intermediate.pem $chain.Intermediate.CertificatePem
    $keyPem = Write-RETestPem $pem leaf.key $leaf.KeyPem
    $pass = "pass:$passwordText"
    $leafWithKey = [Security.Cryptography.X509Certificates.RSACertificateExtensions]::CopyWithPrivateKey(
        [Security.Cryptography.X509Certificates.X509Certificate2]::new($leaf.Certificate.RawData), $leaf.Key)

    # Each source: the parameters (and the object to pipe, if any) that name it, by Id.
    $script:inputs = @{}
    $folder = New-Folder 'pfx-aes'
    Invoke-OpenSsl pkcs12 -export -in $leafPem -certfile $intermediatePem -inkey $keyPem -passout $pass -out (Join-Path $folder proxy.pfx)
    $script:inputs['pfx-aes'] = @{ Parameters = @{ LiteralPath = (Join-Path $folder proxy.pfx); Password = $password } }

    $folder = New-Folder 'pfx-legacy'
    Invoke-OpenSsl pkcs12 -export -legacy -in $leafPem -certfile $intermediatePem -inkey $keyPem -passout $pass -out (Join-Path $folder proxy.pfx)
    $script:inputs['pfx-legacy'] = @{ Parameters = @{ Path = (Join-Path $folder '*.pfx'); Password = $password } }

    $folder = New-Folder 'pfx-dotnet'
    [IO.File]::WriteAllBytes((Join-Path $folder proxy.p12), $leafWithKey.Export('Pkcs12', $passwordText))
    $script:inputs['pfx-dotnet'] = @{ Parameters = @{ LiteralPath = (Join-Path $folder proxy.p12); Password = $password } }

    $folder = New-Folder 'pfx-empty'
    Invoke-OpenSsl pkcs12 -export -in $leafPem -certfile $intermediatePem -inkey $keyPem -passout pass: -out (Join-Path $folder proxy.pfx)
    $script:inputs['pfx-empty'] = @{ Parameters = @{ LiteralPath = (Join-Path $folder proxy.pfx) } }

    $folder = New-Folder 'der'
    Invoke-OpenSsl x509 -in $leafPem -outform der -out (Join-Path $folder proxy.cer)
    Copy-Item $keyPem (Join-Path $folder proxy.key)
    $script:inputs['der'] = @{ Parameters = @{ LiteralPath = (Join-Path $folder proxy.cer) } }

    $folder = New-Folder 'bag'
    Invoke-OpenSsl pkcs12 -in (Join-Path $work 'pfx-aes/proxy.pfx') -nodes -passin $pass -out (Join-Path $folder proxy.pem)
    $script:inputs['bag'] = @{ Parameters = @{ LiteralPath = (Join-Path $folder proxy.pem) } }

    $folder = New-Folder 'pkcs8'
    $chainFile = Write-RETestPem $folder redis-proxy.pem $chain.ChainPem
    Invoke-OpenSsl pkcs8 -topk8 -v2 aes-256-cbc -in $keyPem -passout $pass -out (Join-Path $folder protected.key)
    $script:inputs['pkcs8'] = @{ Parameters = @{ LiteralPath = $chainFile; Name = 'proxy'; KeyPath = (Join-Path $folder protected.key); Password = $password } }

    $folder = New-Folder 'legacy-aes'
    $null = Write-RETestPem $folder proxy.pem $chain.ChainPem
    Invoke-OpenSsl rsa -aes256 -traditional -in $keyPem -passout $pass -out (Join-Path $folder proxy.key)
    $script:inputs['legacy-aes'] = @{ Parameters = @{ LiteralPath = (Join-Path $folder proxy.pem); Password = $password } }

    $folder = New-Folder 'legacy-des3'
    Invoke-OpenSsl rsa -des3 -traditional -in $keyPem -passout $pass -out (Join-Path $folder des3.key)
    $null = Write-RETestPem $folder proxy.pem ($chain.ChainPem + (Get-Content -Raw (Join-Path $folder des3.key)))
    Remove-Item (Join-Path $folder des3.key)
    $script:inputs['legacy-des3'] = @{ Parameters = @{ LiteralPath = (Join-Path $folder proxy.pem); Password = $password } }

    $fromPfx = [Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $work 'pfx-aes/proxy.pfx'), $passwordText)
    # The PFX's intermediate, where the machine's stores have it (a Windows server has it in LocalMachine\CA).
    $script:caStore = [Security.Cryptography.X509Certificates.X509Store]::new('CA', 'CurrentUser')
    $caStore.Open('ReadWrite'); $caStore.Add($chain.Intermediate.Certificate); $caStore.Close()
    $script:inputs['x509-pfx'] = @{ Parameters = @{ X509Certificate = $fromPfx; Name = 'proxy' } }

    $script:myStore = [Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
    $myStore.Open('ReadWrite'); $myStore.Add($leafWithKey); $myStore.Close()
    $myStore.Open('ReadOnly')
    $fromStore = $myStore.Certificates.Find('FindByThumbprint', $leaf.Thumbprint, $false)[0]
    $myStore.Close()
    # As the Cert: drive gives it: a PSPath that must never be taken for a file.
    $fromStore = $fromStore | Add-Member -NotePropertyName PSPath -NotePropertyValue "Microsoft.PowerShell.Security\Certificate::CurrentUser\My\$($leaf.Thumbprint)" -PassThru
    $script:inputs['x509-store'] = @{ Pipe = $fromStore; Parameters = @{ Name = 'proxy' } }

    $folder = New-Folder 'posh-acme'
    $null = Write-RETestPem $folder cert.cer $leaf.CertificatePem
    $null = Write-RETestPem $folder chain.cer $chain.Intermediate.CertificatePem
    $null = Write-RETestPem $folder fullchain.cer $chain.ChainPem
    $null = Write-RETestPem $folder cert.key $leaf.KeyPem
    Copy-Item (Join-Path $work 'pfx-aes/proxy.pfx') (Join-Path $folder cert.pfx)
    $script:poshAcme = [pscustomobject]@{
        Subject = 'CN=proxy.sources.test'; Thumbprint = $leaf.Thumbprint; AllSANs = @('proxy.sources.test')
        CertFile = Join-Path $folder cert.cer; KeyFile = Join-Path $folder cert.key; ChainFile = Join-Path $folder chain.cer
        FullChainFile = Join-Path $folder fullchain.cer; PfxFile = Join-Path $folder cert.pfx; PfxFullChain = Join-Path $folder cert.pfx
        PfxPass = $password
    }
    $script:inputs['posh-acme'] = @{ Pipe = $poshAcme; Parameters = @{ Name = 'proxy' } }

    $folder = New-Folder 'win-acme'
    $null = Write-RETestPem $folder proxy.sources.test-chain.pem $chain.ChainPem
    $null = Write-RETestPem $folder proxy.sources.test-crt.pem $leaf.CertificatePem
    $null = Write-RETestPem $folder proxy.sources.test-chain-only.pem $chain.Intermediate.CertificatePem
    $null = Write-RETestPem $folder proxy.sources.test-key.pem $leaf.KeyPem
    $script:inputs['win-acme'] = @{ Pipe = @(Get-ChildItem -LiteralPath $folder); Parameters = @{ Name = 'proxy' } }

    # The bad inputs.
    $script:badInputs = @{}
    $badInputs['pfx-wrong'] = @{ Parameters = @{ LiteralPath = (Join-Path $work 'pfx-aes/proxy.pfx'); Password = (ConvertTo-SecureString 'Not-The-Pa55word' -AsPlainText -Force) } }
    $badInputs['pfx-nopassword'] = @{ Parameters = @{ LiteralPath = (Join-Path $work 'pfx-aes/proxy.pfx') } }
    $folder = New-Folder 'pfx-corrupt'
    $bytes = [IO.File]::ReadAllBytes((Join-Path $work 'pfx-aes/proxy.pfx'))
    [IO.File]::WriteAllBytes((Join-Path $folder proxy.pfx), $bytes[0..([int]($bytes.Length / 2))])
    $badInputs['pfx-corrupt'] = @{ Parameters = @{ LiteralPath = (Join-Path $folder proxy.pfx); Password = $password } }
    $folder = New-Folder 'pfx-nocert'
    Invoke-OpenSsl pkcs12 -export -nocerts -inkey $keyPem -passout $pass -out (Join-Path $folder proxy.pfx)
    $badInputs['pfx-nocert'] = @{ Parameters = @{ LiteralPath = (Join-Path $folder proxy.pfx); Password = $password } }
    $folder = New-Folder 'pfx-nokey'
    Invoke-OpenSsl pkcs12 -export -nokeys -in $leafPem -certfile $intermediatePem -passout $pass -out (Join-Path $folder proxy.pfx)
    $badInputs['pfx-nokey'] = @{ Parameters = @{ LiteralPath = (Join-Path $folder proxy.pfx); Password = $password } }
    $folder = New-Folder 'pfx-twokeys'
    $otherWithKey = [Security.Cryptography.X509Certificates.RSACertificateExtensions]::CopyWithPrivateKey(
        [Security.Cryptography.X509Certificates.X509Certificate2]::new($other.Leaf.Certificate.RawData), $other.Leaf.Key)
    $two = [Security.Cryptography.X509Certificates.X509Certificate2Collection]::new(); $null = $two.Add($leafWithKey); $null = $two.Add($otherWithKey)
    [IO.File]::WriteAllBytes((Join-Path $folder proxy.pfx), $two.Export('Pkcs12', $passwordText))
    $badInputs['pfx-twokeys'] = @{ Parameters = @{ LiteralPath = (Join-Path $folder proxy.pfx); Password = $password } }
    $folder = New-Folder 'der-key'
    Invoke-OpenSsl pkey -in $keyPem -outform der -out (Join-Path $folder proxy.der)
    $badInputs['der-key'] = @{ Parameters = @{ LiteralPath = (Join-Path $folder proxy.der) } }
    $badInputs['x509-nokey'] = @{ Parameters = @{ X509Certificate = [Security.Cryptography.X509Certificates.X509Certificate2]::new($leaf.Certificate.RawData); Name = 'proxy' } }
    $badInputs['x509-noname'] = @{ Pipe = $fromPfx; Parameters = @{} }
    $gone = $poshAcme.PSObject.Copy()
    $gone.FullChainFile = Join-Path $work 'renewed-and-deleted/fullchain.cer'; $gone.KeyFile = Join-Path $work 'renewed-and-deleted/cert.key'
    $badInputs['posh-acme-gone'] = @{ Pipe = $gone; Parameters = @{ Name = 'proxy' } }
    $badInputs['key-wrong'] = @{ Parameters = @{ LiteralPath = (Join-Path $work 'legacy-aes/proxy.pem'); Password = (ConvertTo-SecureString 'Not-The-Pa55word' -AsPlainText -Force) } }
    $badInputs['key-nopassword'] = @{ Parameters = @{ LiteralPath = $chainFile; Name = 'proxy'; KeyPath = (Join-Path $work 'pkcs8/protected.key') } }

    function script:Invoke-Source([string] $Command, [hashtable] $Source, [hashtable] $Extra = @{}) {
        $parameters = $Source.Parameters.Clone()
        foreach ($name in $Extra.Keys) { $parameters[$name] = $Extra[$name] }
        if ($Source.ContainsKey('Pipe')) { $Source.Pipe | & $Command @parameters } else { & $Command @parameters }
    }

    function script:Reset-Proxy([object] $Simulator) {
        # Another certificate first, so every write really changes what the cluster holds.
        Set-RESimulatorCertificate $Simulator @{ proxy_cert = $script:other.ChainPem; proxy_key = $script:other.KeyPem }
        Clear-RESimulatorRequest $Simulator
    }
}

AfterAll {
    $script:sim, $script:legacySim | Stop-RESimulator
    foreach ($store in $script:caStore, $script:myStore) {
        if ($store) { $store.Open('ReadWrite'); $store.Certificates.Find('FindByThumbprint', $chain.Intermediate.Thumbprint, $false) | ForEach-Object { $store.Remove($_) }; $store.Certificates.Find('FindByThumbprint', $leaf.Thumbprint, $false) | ForEach-Object { $store.Remove($_) }; $store.Close() }
    }
    Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Every source works with <Case>' -ForEach $sources {
    It 'Set-RECertificate sends the chain and a key that matches it, in one request' {
        Reset-Proxy $sim
        Invoke-Source Set-RECertificate $inputs[$Id] @{ Session = $session; Force = $true; WarningAction = 'SilentlyContinue' }
        $writes = @(Get-RESimulatorRequest $sim -Write)
        $writes.Count | Should -Be 1
        $writes[0].status | Should -Be 200   # the simulator answers 400 to a key that does not match
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($leaf.Thumbprint) * 3)
        $stored = Get-RECertificate proxy -Session $session
        $stored.ChainLength | Should -Be $ChainLength
        # Leaf first, then the intermediate (when the source has it), byte for byte.
        $blocks = @([regex]::Matches($stored.CertificatePem, '-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----') | ForEach-Object { $_.Groups[1].Value -replace '\s' })
        $blocks[0] | Should -Be ([Convert]::ToBase64String($leaf.Certificate.RawData))
        if ($ChainLength -eq 2) { $blocks[1] | Should -Be ([Convert]::ToBase64String($chain.Intermediate.Certificate.RawData)) }
    }

    It 'Test-RECertificate finds it valid' {
        $result = Invoke-Source Test-RECertificate $inputs[$Id] @{ WarningAction = 'SilentlyContinue' }
        $result.Errors | Should -BeNullOrEmpty
        $result.IsValid | Should -BeTrue
        $result.Certificate.Thumbprint | Should -Be $leaf.Thumbprint
        $result.Certificate.ChainLength | Should -Be $ChainLength
        $result.Certificate.HasPrivateKey | Should -BeTrue
    }

    It 'Update-RECertificateLegacy sends it to an old cluster' {
        Reset-Proxy $legacySim
        Invoke-Source Update-RECertificateLegacy $inputs[$Id] @{ Session = $legacySession; Force = $true; WarningAction = 'SilentlyContinue' }
        $writes = @(Get-RESimulatorRequest $legacySim -Write)
        $writes.Count | Should -Be 1
        $writes[0].path | Should -Be '/v1/cluster/update_cert'
        $writes[0].status | Should -Be 200
        Get-RESimulatorThumbprint $legacySim proxy | Should -Be (@($leaf.Thumbprint) * 3)
    }
}

Describe 'Bad input is refused by name, nothing is sent, and no password or key shows' {
    It 'refuses <Case> with <Id>' -ForEach $refused {
        Reset-Proxy $sim
        $all = @(Invoke-Source Set-RECertificate $badInputs[$Bad] @{ Session = $session; Force = $true; Verbose = $true; Debug = $true; ErrorAction = 'Continue' } *>&1)
        $failures = @($all | Where-Object { $_ -is [Management.Automation.ErrorRecord] })
        $output = $all | Out-String
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
        $failures.FullyQualifiedErrorId | Should -Contain "$Id,RECertificates.Commands.SetRECertificateCommand"
        $failure = $failures | Where-Object { $_.FullyQualifiedErrorId -like "$Id,*" } | Select-Object -First 1
        $failure.TargetObject | Should -Not -BeNullOrEmpty
        # The message names what it is about: the file, or the certificate's thumbprint.
        $failure.Exception.Message | Should -BeLike "*$($failure.TargetObject)*"
        $text = $output + ($failures | Out-String) + ($failures.Exception.Message -join "`n")
        $text | Should -Not -BeLike "*$passwordText*"
        $text | Should -Not -BeLike '*Not-The-Pa55word*'
        $text | Should -Not -BeLike "*$keyFragment*"
    }

    It 'reports a key that does not open once, not also as missing' {
        $result = Invoke-Source Test-RECertificate $badInputs['key-wrong']
        $result.ErrorIds | Should -Be @('WrongPassword')
    }
}

Describe 'Each pipeline object brings its own key file and password' {
    It 'pairs each certificate with the KeyFile and PfxPass of its own object, in one request' {
        $pbe = [Security.Cryptography.PbeParameters]::new('Aes256Cbc', 'SHA256', 2000)
        $objects = foreach ($item in @(@{ Name = 'proxy'; Chain = $chain; Secret = 'First-Pa55' }, @{ Name = 'syncer'; Chain = $other; Secret = 'Second-Pa55' })) {
            $folder = New-Folder ('per-object-' + $item.Name)
            [pscustomobject]@{
                FullChainFile = Write-RETestPem $folder "$($item.Name).pem" $item.Chain.ChainPem
                KeyFile       = Write-RETestPem $folder 'cert.key' $item.Chain.Leaf.Key.ExportEncryptedPkcs8PrivateKeyPem($item.Secret.ToCharArray(), $pbe)
                PfxPass       = ConvertTo-SecureString $item.Secret -AsPlainText -Force
            }
        }
        Clear-RESimulatorRequest $sim
        $objects | Set-RECertificate -Session $session -Force -WarningAction SilentlyContinue
        $writes = @(Get-RESimulatorRequest $sim -Write)
        $writes.Count | Should -Be 1
        $writes[0].status | Should -Be 200
        @($writes[0].certificateNames) | Sort-Object | Should -Be @('proxy', 'syncer')
        Get-RESimulatorThumbprint $sim syncer | Should -Be (@($other.Leaf.Thumbprint) * 3)
    }
}

Describe 'A CA bundle for mtls_trusted_ca' {
    It 'sends several unrelated CA certificates as given' {
        $clientCa = New-RETestCertificate -Subject 'CN=Partner Client CA' -CertificateAuthority
        $bundle = Write-Text 'bundle' mtls_trusted_ca.pem ($chain.Root.CertificatePem + $chain.Intermediate.CertificatePem + $clientCa.CertificatePem)
        Clear-RESimulatorRequest $sim
        Set-RECertificate -LiteralPath $bundle -Session $session -Force -WarningAction SilentlyContinue
        @(Get-RESimulatorRequest $sim -Write)[0].status | Should -Be 200
        $stored = Get-RECertificate mtls_trusted_ca -Session $session
        $stored.ChainLength | Should -Be 3
        $stored.Thumbprint | Should -Be $chain.Root.Thumbprint
    }
}

Describe 'The clientAuth warning' {
    It 'says that public ACME CAs stopped issuing clientAuth in 2026' {
        $acme = New-RETestCertificate -Subject 'CN=proxy.acme.test' -DnsName 'proxy.acme.test' -NoEnhancedKeyUsage
        $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=proxy.acme.test', $acme.Key, 'SHA256', [Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $usages = [Security.Cryptography.OidCollection]::new(); $null = $usages.Add([Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.1'))
        $request.CertificateExtensions.Add([Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($usages, $false))
        $serverOnly = $request.CreateSelfSigned([datetime]::UtcNow.AddDays(-1), [datetime]::UtcNow.AddDays(80))
        $result = Test-RECertificate -Name proxy -Certificate $serverOnly.ExportCertificatePem() -Key (ConvertTo-SecureString $acme.KeyPem -AsPlainText -Force)
        $result.IsValid | Should -BeTrue
        $result.Warnings | Should -BeLike '*clientAuth*2026*'
    }
}

Describe 'Special files fail at once instead of hanging or filling memory' -Skip:$IsWindows {
    It 'refuses a FIFO named proxy.pem and /dev/zero, each within the time limit' {
        $fifo = Join-Path (New-Folder 'fifo') proxy.pem
        & mkfifo $fifo
        $LASTEXITCODE | Should -Be 0
        # In a child process with a time limit: a hang fails the test (Invoke-FreshPwsh throws) instead of blocking it.
        $run = Invoke-FreshPwsh -TimeoutSeconds 60 -Script @"
Import-Module `$env:RECERT_MODULE_PATH
`$fifo = Test-RECertificate -LiteralPath '$fifo'
`$zero = Test-RECertificate -LiteralPath /dev/zero -Name proxy
'{0}|{1}' -f (`$fifo.ErrorIds -join ','), (`$zero.ErrorIds -join ',')
`$zero.Errors
"@
        $run.ExitCode | Should -Be 0
        $lines = $run.Output -split "`n"
        $lines[0].Trim() | Should -Be 'EmptyFile|EmptyFile'
        $run.Output | Should -BeLike '*/dev/zero*not a regular file*'
    }
}

Describe 'BouncyCastle loads only when a PKCS#12 file or an encrypted key is read' {
    It 'is not loaded by importing the module, listing its commands, or reading PEM; it is by a PFX' {
        $pfx = Join-Path $work 'pfx-aes/proxy.pfx'
        $pemFile = Join-Path $work 'bag/proxy.pem'
        $run = Invoke-FreshPwsh -Script @"
function Test-Loaded { [bool]([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'BouncyCastle.Cryptography' }) }
Import-Module `$env:RECERT_MODULE_PATH
`$null = Get-Command -Module RECertificates
`$afterImport = Test-Loaded
`$null = Test-RECertificate -LiteralPath '$pemFile'
`$afterPem = Test-Loaded
`$null = Test-RECertificate -LiteralPath '$pfx' -Password (ConvertTo-SecureString '$passwordText' -AsPlainText -Force)
'{0}|{1}|{2}' -f `$afterImport, `$afterPem, (Test-Loaded)
"@
        $run.ExitCode | Should -Be 0
        $run.Output.Trim() | Should -Be 'False|False|True'
    }
}
