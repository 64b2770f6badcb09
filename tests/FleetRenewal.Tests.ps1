# Fleets and the unattended renewal: Connect-RECluster's failures as non-terminating errors (one URI or several),
# Export-RECertificate -Format Pfx read back by OpenSSL, .NET and Set-RECertificate, Set-RECertificate over several
# sessions, and Invoke-RECertificateRenewal against three clusters (one down, one with a certificate due, one with
# nothing due) with an issuer that signs with OpenSSL and one that fails.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:due = Start-RESimulator -ClusterName 'due.local'
    $script:fresh = Start-RESimulator -ClusterName 'fresh.local'
    $script:credential = $due.Credential
    # A port on loopback that nothing listens on: a cluster that is down.
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start(); $script:deadUrl = "https://127.0.0.1:$($listener.LocalEndpoint.Port)"; $listener.Stop()
    $script:folders = [Collections.Generic.List[string]]::new()
    function New-TestFolder {
        $folder = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) ('fleet-renewal-' + [guid]::NewGuid().ToString('n')))).FullName
        $script:folders.Add($folder)
        $folder
    }
    function Get-Writes($Simulator) { @(Get-RESimulatorRequest $Simulator -Write) }
    $script:password = ConvertTo-SecureString 'Pfx-Passw0rd' -AsPlainText -Force
}

AfterAll {
    $script:due, $script:fresh | Stop-RESimulator
    $script:folders | ForEach-Object { Remove-Item -LiteralPath $_ -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Connect-RECluster failures are non-terminating' {
    It 'collects a single dead cluster with -ErrorAction SilentlyContinue -ErrorVariable +failed, and returns nothing for it' {
        $failed = @()
        $session = Connect-RECluster $deadUrl -Credential $credential -NoDefault -ErrorAction SilentlyContinue -ErrorVariable +failed
        $session | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ClusterUnreachable,*'
        $failed[0].TargetObject | Should -Be $deadUrl
    }

    It 'still stops a script under $ErrorActionPreference = Stop' {
        $script = "`$ErrorActionPreference = 'Stop'; Connect-RECluster '$deadUrl' -Credential ([pscredential]::new('a@b.c', (ConvertTo-SecureString x -AsPlainText -Force))) -NoDefault; 'after'"
        $failure = { & ([scriptblock]::Create($script)) } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'ClusterUnreachable,*'
    }

    It 'collects an address it cannot parse the same way' {
        $failed = @()
        Connect-RECluster 'ftp://127.0.0.1' -Credential $credential -NoDefault -ErrorAction SilentlyContinue -ErrorVariable +failed
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidUri,*'
    }
}

Describe 'The README expiry recipe and the report example, as written' {
    BeforeAll {
        $script:docsFolder = New-TestFolder
        function Get-Block([string] $Text, [string] $After) {
            $start = $Text.IndexOf($After); $start | Should -BeGreaterOrEqual 0
            $open = $Text.IndexOf('```powershell', $start) + '```powershell'.Length
            $Text.Substring($open, $Text.IndexOf('```', $open) - $open)
        }
        # The clusters file the recipes read: two live clusters and one that is down, each trusted by its pin.
        Set-Content -LiteralPath (Join-Path $docsFolder 'clusters.txt') -Value $due.Url, $deadUrl, $fresh.Url
        $script:prelude = @"
Import-Module '$((Get-RETestPath).Module)'
Set-Location '$docsFolder'
`$PSDefaultParameterValues['Connect-RECluster:CertificateThumbprint'] = '$($due.Thumbprint)', '$($fresh.Thumbprint)'
function Get-Credential { [pscredential]::new('$($credential.UserName)', (ConvertTo-SecureString '$($credential.GetNetworkCredential().Password)' -AsPlainText -Force)) }
function Import-Clixml { Get-Credential }
"@
    }

    It 'the expiry recipe writes the live clusters to the CSV and warns about the dead one' {
        $block = Get-Block (Get-Content -LiteralPath (Join-Path (Get-RETestPath).Root 'README.md') -Raw) '### Report what expires soon, across clusters'
        # Everything expires within 400 days here: the simulator's certificates last 365.
        $block = $block -replace 'DaysRemaining -lt 30', 'DaysRemaining -lt 400'
        $result = Invoke-FreshPwsh -Script ($prelude + "`n" + $block)
        $result.ExitCode | Should -Be 0
        $csv = Import-Csv (Join-Path $docsFolder 'expiring.csv')
        @($csv.ClusterName | Sort-Object -Unique) | Should -Be @('due.local', 'fresh.local', $deadUrl)
        $dead = @($csv | Where-Object ClusterName -eq $deadUrl)
        $dead.Count | Should -Be 1 -Because 'the dead cluster is a row of the CSV too'
        $dead[0].Problem | Should -BeLike '*127.0.0.1*'
        ($result.Output -join "`n") | Should -BeLike "*WARNING: $deadUrl*"
    }

    It 'Export-RECertificateReport example 2 lists the dead cluster at the top of the report' {
        $help = Get-Content -LiteralPath (Join-Path (Get-RETestPath).Root 'docs/en-US/Export-RECertificateReport.md') -Raw
        $block = (Get-Block $help '### Example 2') -replace "'cluster1.example.com', 'cluster2.example.com', 'cluster3.example.com'", "'$($due.Url)', '$deadUrl', '$($fresh.Url)'" `
            -replace 'C:\\Reports\\certificates.html', './certificates.html'
        $result = Invoke-FreshPwsh -Script ($prelude + "`n" + $block)
        $result.ExitCode | Should -Be 0
        $html = Get-Content -LiteralPath (Join-Path $docsFolder 'certificates.html') -Raw
        $html | Should -BeLike "*$deadUrl*"
        $html | Should -BeLike '*due.local*'
        $html | Should -BeLike '*fresh.local*'
    }
}

Describe 'Export-RECertificate -Format Pfx' {
    BeforeAll {
        $script:dueSession = Connect-RETestCluster $due -NoDefault
    }

    It 'writes one owner-only <name>.pfx with chain and key that OpenSSL, .NET and Set-RECertificate -Password read' {
        $folder = New-TestFolder
        $chain = New-RETestChain -LeafSubject 'CN=due.local' -DnsName 'due.local', '*.due.local'
        Set-RESimulatorCertificate $due @{ proxy_cert = $chain.ChainPem; proxy_key = $chain.KeyPem }
        $file = Get-RECertificate proxy -Session $dueSession -IncludePrivateKey | Export-RECertificate -Path $folder -Format Pfx -Password $password -PassThru
        @($file).Count | Should -Be 1
        $file.FullName | Should -Be (Join-Path $folder 'due.local/proxy.pfx')
        (stat -c '%a' $file.FullName) | Should -Be '600'
        Test-Path (Join-Path $folder 'due.local/proxy.key') | Should -BeFalse

        # OpenSSL: AES-256-CBC with PBKDF2, the leaf, its issuer and the key.
        $info = (openssl pkcs12 -in $file.FullName -info -noout -passin pass:Pfx-Passw0rd 2>&1) -join "`n"
        $LASTEXITCODE | Should -Be 0
        $info | Should -BeLike '*PBES2*PBKDF2*AES-256-CBC*'
        $pem = (openssl pkcs12 -in $file.FullName -nodes -passin pass:Pfx-Passw0rd 2>&1) -join "`n"
        ([regex]::Matches($pem, 'BEGIN CERTIFICATE')).Count | Should -Be 2
        $pem | Should -BeLike '*BEGIN PRIVATE KEY*'

        # .NET: the leaf with its key.
        $loaded = [Security.Cryptography.X509Certificates.X509Certificate2]::new($file.FullName, 'Pfx-Passw0rd')
        $loaded.Thumbprint | Should -Be $chain.Leaf.Certificate.Thumbprint
        $loaded.HasPrivateKey | Should -BeTrue

        # Back onto a cluster: Set-RECertificate reads the same file with the same password (another cluster, so the
        # certificate names due.local: -SkipNameCheck).
        $fresh = Connect-RETestCluster $script:fresh -NoDefault
        Set-RECertificate -LiteralPath $file.FullName -Password $password -Session $fresh -SkipNameCheck -Force -WarningAction SilentlyContinue
        (Get-RECertificate proxy -Session $fresh).Thumbprint | Should -Be $chain.Leaf.Certificate.Thumbprint
        (Get-RECertificate proxy -Session $fresh).ChainLength | Should -Be 2
    }

    It 'refuses -Format Pfx without -Password before writing anything' {
        $folder = New-TestFolder
        { Get-RECertificate proxy -Session $dueSession -IncludePrivateKey | Export-RECertificate -Path $folder -Format Pfx } |
            Should -Throw -ErrorId 'PasswordRequired,*' -ExpectedMessage '*-Format Pfx needs -Password*'
        @(Get-ChildItem -LiteralPath $folder -Recurse -Force).Count | Should -Be 0
    }

    It 'refuses an object without its key, naming it, and still writes the others' {
        $folder = New-TestFolder
        $withKey = Get-RECertificate proxy -Session $dueSession -IncludePrivateKey
        $withoutKey = Get-RECertificate cm -Session $dueSession
        $withoutKey, $withKey | Export-RECertificate -Path $folder -Format Pfx -Password $password -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'KeyNotExported,*'
        $failed[0].Exception.Message | Should -BeLike "*certificate 'cm' of cluster 'due.local'*"
        @(Get-ChildItem -LiteralPath (Join-Path $folder 'due.local') -Name) | Should -Be @('proxy.pfx')
    }

    It 'keeps PEM the default' {
        $folder = New-TestFolder
        Get-RECertificate proxy -Session $dueSession -IncludePrivateKey | Export-RECertificate -Path $folder
        @(Get-ChildItem -LiteralPath (Join-Path $folder 'due.local') -Name | Sort-Object) | Should -Be @('proxy.key', 'proxy.pem')
    }
}

Describe 'Set-RECertificate -Session with several clusters' {
    BeforeAll {
        $script:sessions = @(Connect-RETestCluster $due -NoDefault) + @(Connect-RETestCluster $fresh -NoDefault)
        $script:ldap = New-RETestCertificate -Subject 'CN=ldap-client.example.com' -DnsName 'ldap-client.example.com'
        $script:ldapFolder = New-TestFolder
        $script:ldapFile = Write-RETestPem $ldapFolder 'ldap_client.pem' ($ldap.CertificatePem + $ldap.KeyPem)
    }
    BeforeEach {
        Clear-RESimulatorRequest $due
        Clear-RESimulatorRequest $fresh
    }

    It '-WhatIf shows every cluster''s plan and sends nothing' {
        # "What if:" lines go to the host: a child process's output holds them.
        $script = @"
Import-Module '$((Get-RETestPath).Module)'
`$credential = [pscredential]::new('$($credential.UserName)', (ConvertTo-SecureString '$($credential.GetNetworkCredential().Password)' -AsPlainText -Force))
`$sessions = Connect-RECluster '$($due.Url)', '$($fresh.Url)' -Credential `$credential -CertificateThumbprint '$($due.Thumbprint)', '$($fresh.Thumbprint)' -NoDefault
Set-RECertificate -LiteralPath '$ldapFile' -Session `$sessions -WhatIf
"@
        $child = Invoke-FreshPwsh -Script $script
        $child.ExitCode | Should -Be 0
        $child.Output | Should -BeLike "*What if: Replace certificate 'ldap_client' on cluster 'due.local'*"
        $child.Output | Should -BeLike "*What if: Replace certificate 'ldap_client' on cluster 'fresh.local'*"
        Get-Writes $due | Should -BeNullOrEmpty
        Get-Writes $fresh | Should -BeNullOrEmpty
    }

    It 'sends the same certificate to each cluster, one request each' {
        Set-RECertificate -LiteralPath $ldapFile -Session $sessions -Force
        foreach ($simulator in $due, $fresh) {
            @(Get-Writes $simulator).Count | Should -Be 1
            (Get-RESimulatorThumbprint $simulator ldap_client) | Select-Object -Unique | Should -Be $ldap.Certificate.Thumbprint
        }
    }

    It 'goes on to the next cluster when one refuses, with an error naming it' {
        $other = New-RETestCertificate -Subject 'CN=ldap-other.example.com' -DnsName 'ldap-other.example.com'
        $file = Write-RETestPem (New-TestFolder) 'ldap_client.pem' ($other.CertificatePem + $other.KeyPem)
        Set-RESimulatorFault $due @{ status = @{ code = 500; count = 10 } }
        try {
            Set-RECertificate -LiteralPath $file -Session $sessions -Force -ErrorAction SilentlyContinue -ErrorVariable failed
        }
        finally { Clear-RESimulatorFault $due }
        $failed.Count | Should -BeGreaterThan 0
        ($failed | ForEach-Object { "$($_.TargetObject) $($_.Exception.Message)" }) -join "`n" | Should -BeLike '*due.local*'
        (Get-RESimulatorThumbprint $fresh ldap_client) | Select-Object -Unique | Should -Be $other.Certificate.Thumbprint
    }

    It 'refuses bad input for every cluster and sends nothing anywhere' {
        $expired = New-RETestCertificate -Subject 'CN=old.example.com' -DnsName 'old.example.com' -NotBefore ([datetime]::UtcNow.AddDays(-30)) -NotAfter ([datetime]::UtcNow.AddDays(-1))
        $file = Write-RETestPem (New-TestFolder) 'ldap_client.pem' ($expired.CertificatePem + $expired.KeyPem)
        Set-RECertificate -LiteralPath $file -Session $sessions -Force -ErrorAction SilentlyContinue -ErrorVariable failed
        @($failed | Where-Object { $_.FullyQualifiedErrorId -like 'NothingSent,*' }).Count | Should -Be 2
        Get-Writes $due | Should -BeNullOrEmpty
        Get-Writes $fresh | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-RECertificateRenewal' {
    BeforeAll {
        # A small OpenSSL CA, the way a private CA signs requests.
        $script:caFolder = New-TestFolder
        $script:caKey = Join-Path $caFolder 'ca.key'
        $script:caCert = Join-Path $caFolder 'ca.pem'
        $null = openssl req -x509 -newkey rsa:2048 -nodes -keyout $caKey -out $caCert -days 3650 -subj '/CN=Fleet Renewal Test CA' 2>&1
        $script:opensslIssuer = {
            param($request)
            $out = [IO.Path]::ChangeExtension($request.CsrPath, '.pem')
            $output = openssl x509 -req -in $request.CsrPath -CA $script:caCert -CAkey $script:caKey -CAcreateserial -days 365 -copy_extensions copy -out $out 2>&1
            if ($LASTEXITCODE -ne 0) { throw "openssl could not sign: $output" }
            Add-Content -LiteralPath $out -Value (Get-Content -LiteralPath $script:caCert -Raw)
            $script:issued.Add($_.Name)
            $out
        }
        $script:failingIssuer = { throw 'the CA is down for maintenance' }
        function Reset-Due {
            # 'proxy' of due.local expires in 10 days: due within 30, not within 5.
            $soon = New-RETestCertificate -Subject 'CN=due.local' -DnsName 'due.local', '*.due.local' -NotAfter ([datetime]::UtcNow.AddDays(10))
            Set-RESimulatorCertificate $due @{ proxy_cert = $soon.CertificatePem; proxy_key = $soon.KeyPem }
            $soon
        }
        $script:renewalSessions = @(Connect-RETestCluster $due -NoDefault) + @(Connect-RETestCluster $fresh -NoDefault)
    }
    BeforeEach {
        $script:soon = Reset-Due
        $script:issued = [Collections.Generic.List[string]]::new()
        $script:requests = New-TestFolder
        $script:backups = New-TestFolder
        Clear-RESimulatorRequest $due
        Clear-RESimulatorRequest $fresh
    }

    It '-WhatIf says what is due on every cluster, calls no issuer, writes no file and sends nothing' {
        $results = Invoke-RECertificateRenewal -Session $renewalSessions -Issuer $opensslIssuer -RequestPath $requests -WhatIf
        $results | ForEach-Object { $_ | Should -BeOfType ([RECertificates.RECertificateRenewal]) }
        $wouldRenew = @($results | Where-Object Status -eq 'WouldRenew')
        $wouldRenew.Count | Should -Be 1
        $wouldRenew[0].ClusterName | Should -Be 'due.local'
        $wouldRenew[0].Name | Should -Be 'proxy'
        $wouldRenew[0].OldThumbprint | Should -Be $soon.Certificate.Thumbprint
        @($results | Where-Object { $_.ClusterName -eq 'fresh.local' -and $_.Status -ne 'NotDue' }).Count | Should -Be 0
        @($results | Where-Object ClusterName -eq 'fresh.local').Count | Should -BeGreaterThan 0
        $results.Name | Should -Not -Contain 'mtls_trusted_ca'
        $issued.Count | Should -Be 0
        @(Get-ChildItem -LiteralPath $requests -Recurse -Force).Count | Should -Be 0
        Get-Writes $due | Should -BeNullOrEmpty
    }

    It 'renews what is due with an issuer that signs with OpenSSL, through a backup; a dead cluster is an error and a Failed object; the rest goes on' {
        # A cluster that was connected and is down by the time the renewal runs.
        $gone = Start-RESimulator -ClusterName 'gone.local'
        $goneSession = Connect-RETestCluster $gone -NoDefault
        $gone | Stop-RESimulator
        $results = Invoke-RECertificateRenewal -Session ($renewalSessions + $goneSession) -Issuer $opensslIssuer -RequestPath $requests -BackupPath $backups -Force `
            -ErrorAction SilentlyContinue -ErrorVariable failed -WarningAction SilentlyContinue
        $renewed = @($results | Where-Object Status -eq 'Renewed')
        $renewed.Count | Should -Be 1
        $renewed[0].ClusterName | Should -Be 'due.local'
        $renewed[0].Name | Should -Be 'proxy'
        $renewed[0].OldThumbprint | Should -Be $soon.Certificate.Thumbprint
        $renewed[0].NewThumbprint | Should -Not -Be $soon.Certificate.Thumbprint
        (Get-RESimulatorThumbprint $due proxy) | Select-Object -Unique | Should -Be $renewed[0].NewThumbprint
        $renewed[0].NotAfter | Should -BeGreaterThan ([datetime]::UtcNow.AddDays(300))
        $issued | Should -Be @('proxy')

        # The key and request, owner-only, in the cluster's folder; the backup of what was replaced.
        (stat -c '%a' (Join-Path $requests 'due.local/proxy.key')) | Should -Be '600'
        (openssl req -in (Join-Path $requests 'due.local/proxy.csr') -noout -text 2>&1) -join "`n" | Should -BeLike '*DNS:due.local, DNS:*.due.local*'
        @(Get-ChildItem -LiteralPath (Join-Path $backups 'due.local') -Recurse -Filter proxy.pem).Count | Should -Be 1

        # The cluster that went away: its error, and one Failed object without a name.
        $goneResult = @($results | Where-Object ClusterName -eq 'gone.local')
        $goneResult.Count | Should -Be 1
        $goneResult[0].Status | Should -Be 'Failed'
        $goneResult[0].Name | Should -BeNullOrEmpty
        @($failed | Where-Object { "$($_.TargetObject)" -eq 'gone.local' }).Count | Should -Be 1
        @($results | Where-Object ClusterName -eq 'fresh.local' | Where-Object Status -ne 'NotDue').Count | Should -Be 0

        # The same day again: nothing is due, nothing is sent.
        Clear-RESimulatorRequest $due
        $again = Invoke-RECertificateRenewal -Session $renewalSessions -Issuer $opensslIssuer -RequestPath $requests -Force
        @($again | Where-Object Status -ne 'NotDue').Count | Should -Be 0
        Get-Writes $due | Should -BeNullOrEmpty
        $issued | Should -Be @('proxy')
    }

    It 'a failing issuer is an error naming cluster and certificate; nothing changes; the next run reuses the key and request it left' {
        $results = Invoke-RECertificateRenewal -Session $renewalSessions -Issuer $failingIssuer -RequestPath $requests -Force -ErrorAction SilentlyContinue -ErrorVariable failed
        $failure = @($results | Where-Object Status -eq 'Failed')
        $failure.Count | Should -Be 1
        $failure[0].Name | Should -Be 'proxy'
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'IssuerFailed,*'
        $failed[0].Exception.Message | Should -BeLike "*certificate 'proxy' of cluster 'due.local'*the CA is down for maintenance*"
        Get-Writes $due | Should -BeNullOrEmpty
        (Get-RESimulatorThumbprint $due proxy) | Select-Object -Unique | Should -Be $soon.Certificate.Thumbprint
        $keyPath = Join-Path $requests 'due.local/proxy.key'
        $keyBefore = Get-Content -LiteralPath $keyPath -Raw
        $csrBefore = Get-Content -LiteralPath (Join-Path $requests 'due.local/proxy.csr') -Raw

        # A later run without -Force (confirmed by -Confirm:$false) takes the same key and request.
        $results = Invoke-RECertificateRenewal -Session $renewalSessions -Issuer $opensslIssuer -RequestPath $requests -Confirm:$false -WarningAction SilentlyContinue
        @($results | Where-Object Status -eq 'Renewed').Name | Should -Be 'proxy'
        Get-Content -LiteralPath $keyPath -Raw | Should -Be $keyBefore
        Get-Content -LiteralPath (Join-Path $requests 'due.local/proxy.csr') -Raw | Should -Be $csrBefore
    }

    It '-Force writes a new key even where a failed run left one' {
        $null = Invoke-RECertificateRenewal -Session $renewalSessions -Issuer $failingIssuer -RequestPath $requests -Force -ErrorAction SilentlyContinue
        $keyPath = Join-Path $requests 'due.local/proxy.key'
        $keyBefore = Get-Content -LiteralPath $keyPath -Raw
        $null = Invoke-RECertificateRenewal -Session $renewalSessions -Issuer $failingIssuer -RequestPath $requests -Force -ErrorAction SilentlyContinue
        Get-Content -LiteralPath $keyPath -Raw | Should -Not -Be $keyBefore
    }

    It 'a certificate from the issuer that does not pair with the key is refused by Set''s validation; nothing is sent' {
        $stranger = New-RETestCertificate -Subject 'CN=due.local' -DnsName 'due.local', '*.due.local'
        $wrongIssuer = { $stranger.CertificatePem }.GetNewClosure()
        $results = Invoke-RECertificateRenewal -Session $renewalSessions -Issuer $wrongIssuer -RequestPath $requests -Force -ErrorAction SilentlyContinue -ErrorVariable failed
        @($results | Where-Object Status -eq 'Failed').Name | Should -Be 'proxy'
        @($failed | Where-Object { $_.FullyQualifiedErrorId -like 'KeyMismatch,*' }).Count | Should -Be 1
        @($failed | Where-Object { $_.FullyQualifiedErrorId -like 'RenewalFailed,*' })[0].Exception.Message | Should -BeLike "*certificate 'proxy' of cluster 'due.local' was not renewed*"
        Get-Writes $due | Should -BeNullOrEmpty
    }

    It 'takes an X509Certificate2 and PEM text as the answer too' {
        $x509Issuer = {
            $path = & $script:opensslIssuer $_
            [Security.Cryptography.X509Certificates.X509Certificate2]::new($path)
        }
        $results = Invoke-RECertificateRenewal -Session $renewalSessions -Issuer $x509Issuer -RequestPath $requests -Force -ErrorAction SilentlyContinue -ErrorVariable failed -WarningAction SilentlyContinue
        $proxy = @($results | Where-Object Name -eq 'proxy')[0]
        $proxy.Status | Should -Be 'Renewed' -Because ($failed | Out-String)
        (Get-RESimulatorThumbprint $due proxy) | Select-Object -Unique | Should -Be $proxy.NewThumbprint

        $null = Reset-Due
        $pemIssuer = { Get-Content -LiteralPath (& $script:opensslIssuer $_) -Raw }
        $results = Invoke-RECertificateRenewal -Session $renewalSessions -Issuer $pemIssuer -RequestPath $requests -Force -WarningAction SilentlyContinue
        @($results | Where-Object Status -eq 'Renewed').Name | Should -Be 'proxy'
    }
}

Describe 'The README''s unattended renewal, as written' {
    BeforeAll {
        $script:readme = Get-Content -LiteralPath (Join-Path (Get-RETestPath).Root 'README.md') -Raw
        function Get-Recipe([string] $FirstLine) {
            $start = $readme.IndexOf($FirstLine); $start | Should -BeGreaterOrEqual 0 -Because "the README has '$FirstLine'"
            $end = $readme.IndexOf('```', $start)
            $readme.Substring($start, $end - $start)
        }
        $script:caFolder = New-TestFolder
        $null = openssl req -x509 -newkey rsa:2048 -nodes -keyout (Join-Path $caFolder 'ca.key') -out (Join-Path $caFolder 'ca.pem') -days 3650 -subj '/CN=README Recipe CA' 2>&1
        $script:prelude = @"
`$PSDefaultParameterValues['Connect-RECluster:CertificateThumbprint'] = '$($due.Thumbprint)', '$($fresh.Thumbprint)'
"@
    }
    BeforeEach {
        $soon = New-RETestCertificate -Subject 'CN=due.local' -DnsName 'due.local', '*.due.local' -NotAfter ([datetime]::UtcNow.AddDays(10))
        Set-RESimulatorCertificate $due @{ proxy_cert = $soon.CertificatePem; proxy_key = $soon.KeyPem }
    }

    It 'the scheduled task with the OpenSSL issuer renews what is due, logs every cluster, and exits 1 for the dead one' {
        $root = New-TestFolder
        # The issuer file and its CA, as the recipe says.
        Set-Content -LiteralPath (Join-Path $root 'Issuer.ps1') -Value (Get-Recipe '# Issuer: a small OpenSSL CA')
        Copy-Item (Join-Path $caFolder 'ca.pem'), (Join-Path $caFolder 'ca.key') -Destination $root
        Set-Content -LiteralPath (Join-Path $root 'clusters.txt') -Value $due.Url, $deadUrl, $fresh.Url
        $credential | Export-Clixml -LiteralPath (Join-Path $root 'cluster-credential.xml')
        $task = (Get-Recipe 'if (Get-Variable -Name PSStyle -ErrorAction Ignore)').Replace("'C:\RECertificates'", "'$root'").Replace('logs\renewal-', 'logs/renewal-')
        $task | Should -BeLike '*Invoke-RECertificateRenewal*'

        $result = Invoke-FreshPwsh -Script ("Import-Module '$((Get-RETestPath).Module)'`n" + $prelude + "`n" + $task)
        $result.ExitCode | Should -Be 1 -Because "a cluster was down ($($result.Output) $($result.ErrorOutput))"
        $log = Get-Content -Raw (Get-ChildItem -LiteralPath (Join-Path $root 'logs') -Filter 'renewal-*.log').FullName
        $log | Should -Match 'due\.local\s+proxy\s+Renewed'
        $log | Should -Match "ERROR ClusterUnreachable,\S+ $([regex]::Escape($deadUrl))"
        $log | Should -Not -Match "`e"
        $csv = Import-Csv (Join-Path $root 'renewal.csv')
        @($csv | Where-Object { $_.ClusterName -eq 'due.local' -and $_.Name -eq 'proxy' }).Status | Should -Be 'Renewed'
        @($csv | Where-Object ClusterName -eq 'fresh.local').Status | Select-Object -Unique | Should -Be 'NotDue'
        (Get-RESimulatorThumbprint $due proxy) | Select-Object -Unique | Should -Be @($csv | Where-Object Name -eq 'proxy' | Where-Object ClusterName -eq 'due.local').NewThumbprint
        @(Get-ChildItem -LiteralPath (Join-Path $root 'backups/due.local') -Recurse -Filter proxy.pem).Count | Should -Be 1

        # The next day's run (the same day here): nothing due, nothing failed but the dead cluster.
        Clear-RESimulatorRequest $due
        $again = Invoke-FreshPwsh -Script ("Import-Module '$((Get-RETestPath).Module)'`n" + $prelude + "`n" + $task.Replace("Get-Content (Join-Path `$root 'clusters.txt')", "@('$($due.Url)', '$($fresh.Url)')"))
        $again.ExitCode | Should -Be 0 -Because "$($again.Output) $($again.ErrorOutput)"
        Get-Writes $due | Should -BeNullOrEmpty
    }

    It 'the HTTP CA issuer (Vault''s sign API) renews through a CA on loopback' {
        $root = New-TestFolder
        $token = 'test-token-' + [guid]::NewGuid().ToString('n')
        Set-Content -LiteralPath (Join-Path $root 'vault-token.txt') -Value $token
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        # A tiny Vault-shaped CA in its own process: checks the token, signs the CSR with OpenSSL, answers as Vault does.
        $server = @'
$listener = [Net.HttpListener]::new()
$listener.Prefixes.Add("http://127.0.0.1:$env:CA_PORT/")
$listener.Start()
Set-Content -LiteralPath $env:CA_READY -Value 'ready'
while ($listener.IsListening) {
    $context = $listener.GetContext()
    $reply = $context.Response
    try {
        if ($context.Request.Url.AbsolutePath -ne '/v1/pki/sign/redis-enterprise' -or $context.Request.Headers['X-Vault-Token'] -ne $env:CA_TOKEN) {
            $reply.StatusCode = 403; $text = '{"errors":["permission denied"]}'
        } else {
            $body = [IO.StreamReader]::new($context.Request.InputStream).ReadToEnd() | ConvertFrom-Json
            $csr = Join-Path $env:CA_FOLDER 'request.csr'; $crt = Join-Path $env:CA_FOLDER 'issued.pem'
            Set-Content -LiteralPath $csr -Value $body.csr
            $null = openssl x509 -req -in $csr -CA (Join-Path $env:CA_FOLDER 'ca.pem') -CAkey (Join-Path $env:CA_FOLDER 'ca.key') -CAcreateserial -days 365 -copy_extensions copy -out $crt 2>&1
            $text = @{ data = @{ certificate = (Get-Content -Raw $crt).Trim(); ca_chain = @((Get-Content -Raw (Join-Path $env:CA_FOLDER 'ca.pem')).Trim()) } } | ConvertTo-Json -Depth 4
        }
    } catch { $reply.StatusCode = 500; $text = "{""errors"":[""$($_.Exception.Message)""]}" }
    $bytes = [Text.Encoding]::UTF8.GetBytes($text)
    $reply.ContentType = 'application/json'
    $reply.OutputStream.Write($bytes, 0, $bytes.Length)
    $reply.Close()
}
'@
        $serverFile = Join-Path $root 'ca-server.ps1'
        Set-Content -LiteralPath $serverFile -Value $server
        Copy-Item (Join-Path $caFolder 'ca.pem'), (Join-Path $caFolder 'ca.key') -Destination $root
        $ready = Join-Path $root 'ready'
        $start = [Diagnostics.ProcessStartInfo]::new((Get-PwshCommand)[0])
        foreach ($part in @((Get-PwshCommand) | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $serverFile)) { $start.ArgumentList.Add($part) }
        $start.UseShellExecute = $false
        $start.Environment['CA_PORT'] = "$port"; $start.Environment['CA_TOKEN'] = $token; $start.Environment['CA_FOLDER'] = $root; $start.Environment['CA_READY'] = $ready
        $ca = [Diagnostics.Process]::Start($start)
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while (-not (Test-Path $ready) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Test-Path $ready | Should -BeTrue -Because 'the loopback CA started'
            $issuerText = (Get-Recipe '# Issuer: an HTTP CA').Replace("'https://vault.contoso.com:8200'", "'http://127.0.0.1:$port'").Replace('C:\RECertificates\vault-token.txt', (Join-Path $root 'vault-token.txt'))
            $issuer = [scriptblock]::Create($issuerText)
            $session = Connect-RETestCluster $due -NoDefault
            $results = Invoke-RECertificateRenewal -Session $session -Name proxy -Issuer $issuer -RequestPath (Join-Path $root 'requests') -Force -WarningAction SilentlyContinue
            $results.Status | Should -Be 'Renewed'
            (Get-RESimulatorThumbprint $due proxy) | Select-Object -Unique | Should -Be $results.NewThumbprint
            (Get-RECertificate proxy -Session $session).ChainLength | Should -Be 2
        }
        finally {
            if (-not $ca.HasExited) { $ca.Kill() }
        }
    }
}
