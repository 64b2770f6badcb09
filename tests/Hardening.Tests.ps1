# What a hostile review and a first-time user found (issue 13), each closed against the simulator: keys in
# certificate text, addresses with a password in them, thumbprints copied with invisible marks, disposing a
# certificate object, confirmation where nobody can answer, the 'not found' list, tab completion of hostile names,
# colour in logs, and the README's simulator recipe.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator
    $script:session = Connect-RETestCluster $sim
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ('recert-hardening-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $dir
    $script:environment = @{ SIM_URL = $sim.Url; SIM_THUMBPRINT = $sim.Thumbprint; SIM_USER = $sim.Credential.UserName; SIM_PASSWORD = $sim.Credential.GetNetworkCredential().Password }
    function script:ConvertTo-SecureKey([string] $Pem) { ConvertTo-SecureString $Pem -AsPlainText -Force }
    # The start of every script run in a fresh, non-interactive pwsh: the module, connected to the simulator.
    $script:connected = @'
Import-Module $env:RECERT_MODULE_PATH
$credential = [pscredential]::new($env:SIM_USER, (ConvertTo-SecureString $env:SIM_PASSWORD -AsPlainText -Force))
$null = Connect-RECluster $env:SIM_URL -Credential $credential -CertificateThumbprint $env:SIM_THUMBPRINT
'@ + "`n"
}

AfterAll {
    $script:sim | Stop-RESimulator
    Remove-Item -LiteralPath $script:dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Only certificate blocks are certificate text' {
    BeforeEach { Clear-RESimulatorRequest $sim }

    It 'refuses a key block in -Certificate when -Key gives a key too, and sends nothing' {
        $chain = New-RETestChain -LeafSubject 'CN=proxy.cluster.local'
        Set-RECertificate -Name proxy -Certificate ($chain.ChainPem + $chain.KeyPem) -Key (ConvertTo-SecureKey $chain.KeyPem) -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $refused = @($failures | Where-Object FullyQualifiedErrorId -like 'KeyInCertificateText,*')
        $refused.Count | Should -Be 1 -Because ($failures.FullyQualifiedErrorId -join ', ')
        $refused[0].Exception.Message | Should -BeLike '*-Certificate*-Key*'
        "$($failures.Exception.Message)" | Should -Not -Match 'PRIVATE KEY-----|MII'
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }

    It 'sends only the certificate blocks of text with notes around them' {
        $chain = New-RETestChain -LeafSubject 'CN=proxy.cluster.local'
        Set-RECertificate -Name proxy -Certificate ("Bag Attributes: notes`n" + $chain.ChainPem) -Key (ConvertTo-SecureKey $chain.KeyPem) -Force
        $sent = @(Get-RESimulatorRequest $sim -Write)[0].body | ConvertFrom-Json
        $sent.certificates[0].certificate | Should -Not -BeLike '*Bag Attributes*'
        $sent.certificates[0].certificate | Should -BeLike '-----BEGIN CERTIFICATE-----*'
    }

    It 'shows only the certificate of a cluster that stored a key in its certificate text, and warns' {
        $leaked = New-RETestCertificate -Subject 'CN=ldap.cluster.local' -DnsName 'ldap.cluster.local'
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = $leaked.CertificatePem + $leaked.KeyPem; ldap_client_key = $leaked.KeyPem }
        try {
            $certificate = Get-RECertificate ldap_client -WarningVariable warnings -WarningAction SilentlyContinue
            $certificate.CertificatePem | Should -Not -BeLike '*PRIVATE KEY*'
            $certificate.Thumbprint | Should -Be $leaked.Thumbprint
            @($warnings).Count | Should -Be 1
            "$warnings" | Should -BeLike "*private key in the certificate text of 'ldap_client'*"
            "$warnings" | Should -Not -BeLike '*MII*'
        }
        finally { Set-RESimulatorCertificate $sim @{ ldap_client_cert = $null; ldap_client_key = $null } }
    }
}

Describe 'The cluster''s own words' {
    It 'reach the message without the key, when the cluster echoes the request body in its error' {
        $chain = New-RETestChain -LeafSubject 'CN=proxy.cluster.local'
        $file = Write-RETestPem $dir proxy.pem ($chain.ChainPem + $chain.KeyPem)
        Set-RESimulatorFault $sim @{ errorBody = 'echo'; status = @{ code = 400; count = 1; method = 'PUT' } }
        try {
            Set-RECertificate -LiteralPath $file -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { Clear-RESimulatorFault $sim }
        $failure = @($failures | Where-Object { $_.Exception -is [RECertificates.REApiException] -and $_.Exception.StatusCode -eq 400 })[0]
        $failure | Should -Not -BeNullOrEmpty
        $failure.Exception.Message | Should -BeLike '*Request was*'
        $keyLines = @($chain.KeyPem -split "`r?`n" | Where-Object { $_ -and $_ -notlike '-----*' })
        foreach ($text in $failure.Exception.Message, $failure.Exception.Description) {
            $text | Should -Not -BeLike '*PRIVATE KEY*'
            foreach ($line in $keyLines) { $text.Contains($line) | Should -BeFalse }
            $text.Length | Should -BeLessThan 1200
        }
    }
}

Describe 'Addresses with a password in them' {
    It 'refuses https://user:password@host without repeating the password anywhere' {
        $failure = { Connect-RECluster 'https://admin:Hunter2Pw@127.0.0.1:1' -Credential $sim.Credential -Verbose -ErrorAction Stop 4>&1 } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidUri,*'
        $failure.Exception.Message | Should -BeLike '*-Credential*'
        ($failure | Format-List * -Force | Out-String) | Should -Not -BeLike '*Hunter2Pw*'
        "$($failure.TargetObject)" | Should -Not -BeLike '*Hunter2Pw*'
    }

    It 'refuses a -Proxy with user info, pointing to -ProxyCredential' {
        $failure = { Connect-RECluster $sim.Url -Credential $sim.Credential -Proxy 'http://proxyuser:Hunter2Px@127.0.0.1:3128' } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'CredentialInProxyAddress,*'
        $failure.Exception.Message | Should -BeLike '*-ProxyCredential*'
        ($failure | Format-List * -Force | Out-String) | Should -Not -BeLike '*Hunter2Px*'
    }
}

Describe 'Thumbprints as people copy them' {
    It 'connects with a SHA-256 thumbprint copied from the Windows certificate dialog (invisible mark, spaces)' {
        $copied = [char]0x200E + (($sim.ThumbprintSha256.ToLowerInvariant() -split '(..)' | Where-Object { $_ }) -join ' ')
        $pinned = Connect-RECluster $sim.Url -Credential $sim.Credential -CertificateThumbprint $copied -NoDefault
        $pinned.ClusterName | Should -Be 'cluster.local'
    }

    It 'suggests the SHA-256 thumbprint when the cluster is not trusted' {
        $failure = { Connect-RECluster $sim.Url -Credential $sim.Credential -ErrorAction Stop } | Should -Throw -PassThru
        $failure.Exception.Message | Should -BeLike "*-CertificateThumbprint $($sim.ThumbprintSha256)*"
        $failure.Exception.Message | Should -Not -BeLike "*$($sim.Thumbprint)*"
    }
}

Describe 'Each certificate object owns its certificate' {
    It 'keeps later objects, and replacing api, working after one object''s certificate is disposed' {
        $apiSim = Start-RESimulator -ClusterName 'api.cluster.local'
        try {
            $apiSession = Connect-RETestCluster $apiSim -NoDefault
            (Get-RECertificate api -Session $apiSession).Certificate.Dispose()
            (Get-RECertificate api -Session $apiSession).Certificate.Thumbprint | Should -Be $apiSim.Thumbprint

            $chain = New-RETestChain -LeafSubject 'CN=api.cluster.local' -DnsName 'localhost', 'api.cluster.local'
            Set-RECertificate (Write-RETestPem $dir api.pem ($chain.ChainPem + $chain.KeyPem)) -Session $apiSession -Force
            (Get-RECertificate api -Session $apiSession).Thumbprint | Should -Be $chain.Leaf.Thumbprint
        }
        finally { $apiSim | Stop-RESimulator }
    }
}

Describe 'A change nobody can confirm' {
    BeforeEach {
        Clear-RESimulatorRequest $sim
        $script:chain = New-RETestChain -LeafSubject 'CN=proxy.cluster.local'
        $script:certificateFile = Write-RETestPem $dir proxy.pem ($chain.ChainPem + $chain.KeyPem)
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = $chain.ChainPem; ldap_client_key = $chain.KeyPem }
    }

    It 'stops <Command> with ConfirmationRequired, saying to add -Force, and sends nothing' -ForEach @(
        @{ Command = 'Set-RECertificate'; Line = 'Set-RECertificate -LiteralPath $env:CERT_FILE' }
        @{ Command = 'Update-RECertificateLegacy'; Line = 'Update-RECertificateLegacy -LiteralPath $env:CERT_FILE -WarningAction SilentlyContinue' }
        @{ Command = 'Remove-RECertificate'; Line = 'Remove-RECertificate ldap_client' }
    ) {
        $script = $connected + @"
try { $Line; 'not stopped' }
catch { "ERRORID=`$(`$_.FullyQualifiedErrorId)"; "MESSAGE=`$(`$_.Exception.Message)" }
"@
        $result = Invoke-FreshPwsh -Script $script -Environment ($environment + @{ CERT_FILE = $certificateFile })
        $result.Output | Should -BeLike '*ERRORID=ConfirmationRequired,*' -Because $result.ErrorOutput
        $result.Output | Should -BeLike '*-Force*'
        $result.Output | Should -Not -BeLike '*not stopped*'
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }

    It 'still previews with -WhatIf and changes with -Confirm:$false there' {
        $script = "`$ErrorActionPreference = 'Stop'`n" + $connected + @'
Set-RECertificate -LiteralPath $env:CERT_FILE -WhatIf
Set-RECertificate -LiteralPath $env:CERT_FILE -Confirm:$false
'done'
'@
        $result = Invoke-FreshPwsh -Script $script -Environment ($environment + @{ CERT_FILE = $certificateFile })
        $result.ExitCode | Should -Be 0 -Because $result.ErrorOutput
        $result.Output | Should -BeLike "*What if:*certificate 'proxy'*"
        $result.Output | Should -BeLike '*done*'
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 1
    }
}

Describe 'The not-found message' {
    It 'lists what the cluster holds, not what the filter kept' {
        $all = (Get-RECertificate).Name -join ', '
        $all | Should -BeLike 'api, *proxy*'
        Get-RECertificate proxi -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].Exception.Message | Should -BeLike "*'proxi'*It holds: $all."
    }
}

Describe 'Tab completion of names a cluster supplies' {
    It 'offers no name that is not a valid certificate name, and quotes inside the quotes the user opened' {
        $pem = (New-RETestCertificate -Subject 'CN=x').CertificatePem
        Set-RESimulatorCertificate $sim @{ 'ldap_x;Remove-Item -Recurse ~;_cert' = $pem; 'ldap_zz_cert' = $pem }
        try {
            $line = 'Get-RECertificate -Name ldap_'
            $plain = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
            $plain | Should -Contain 'ldap_zz'
            $plain | Where-Object { $_ -match '[;\s]' } | Should -BeNullOrEmpty
            $line = "Get-RECertificate -Name 'ldap_z"
            $quoted = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
            $quoted | Should -Be @("'ldap_zz'")
        }
        finally { Set-RESimulatorCertificate $sim @{ 'ldap_x;Remove-Item -Recurse ~;_cert' = $null; 'ldap_zz_cert' = $null } }
    }
}

Describe 'Colour in logs' {
    BeforeAll {
        $expired = New-RETestCertificate -Subject 'CN=expired.cluster.local' -NotBefore ([datetime]::UtcNow.AddDays(-60)) -NotAfter ([datetime]::UtcNow.AddDays(-5))
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = $expired.CertificatePem; ldap_client_key = $expired.KeyPem }
    }
    AfterAll { Set-RESimulatorCertificate $sim @{ ldap_client_cert = $null; ldap_client_key = $null } }

    It 'writes no colour of its own into redirected output' {
        $result = Invoke-FreshPwsh -Script ($connected + 'Get-RECertificate ldap_client') -Environment $environment
        $result.Output | Should -Match '-\d+!'
        $result.Output | Should -Not -Match "`e\[3[13]m"
    }

    It 'keeps every escape code out of the log with the README recipe''s line' {
        $readme = Get-Content -LiteralPath (Join-Path (Get-RETestPath).Root 'README.md')
        $recipe = @($readme | Where-Object { $_ -match 'OutputRendering' -and $_ -match 'PlainText' } | Select-Object -First 1)
        $recipe | Should -Not -BeNullOrEmpty
        # Connected without verification, for a warning in the log.
        $script = $recipe[0] + "`n" + ($connected -replace '-CertificateThumbprint \$env:SIM_THUMBPRINT', '-SkipCertificateCheck') + 'Get-RECertificate ldap_client'
        $result = Invoke-FreshPwsh -Script $script -Environment $environment
        $result.Output | Should -BeLike '*WARNING*not verified*'
        "$($result.Output)$($result.ErrorOutput)" | Should -Not -Match "`e"
    }
}

Describe 'The README''s simulator recipe' {
    It 'connects by the thumbprint the simulator wrote, as the README says' {
        $readme = Get-Content -LiteralPath (Join-Path (Get-RETestPath).Root 'README.md')
        $start = @($readme | Where-Object { $_ -like 'dotnet out/simulator/RECertificates.Simulator.dll*--info-file*' })[0]
        $start | Should -Not -BeNullOrEmpty
        $infoFile = Join-Path $dir 'sim.json'
        # The README's own command, on a free port and with the info file in the test folder.
        $arguments = @(($start -replace '^dotnet\s+', '' -replace '--port \d+', '--port 0' -replace 'sim\.json', $infoFile -replace "'", '') -split '\s+') + '--exit-on-stdin-close'
        $arguments[0] = Join-Path (Get-RETestPath).Root $arguments[0]
        $startInfo = [Diagnostics.ProcessStartInfo]::new('dotnet')
        $arguments | ForEach-Object { $startInfo.ArgumentList.Add($_) }
        $startInfo.RedirectStandardInput = $true; $startInfo.RedirectStandardOutput = $true; $startInfo.UseShellExecute = $false
        $process = [Diagnostics.Process]::Start($startInfo)
        try {
            $null = $process.StandardOutput.ReadToEndAsync()
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while (-not (Test-Path -LiteralPath $infoFile) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $block = ($readme -join "`n") -replace '(?s)^.*?```powershell\n(Import-Module ./out/RECertificates\n\$sim = Get-Content[^`]*?)```.*$', '$1'
            $block | Should -BeLike 'Import-Module*Connect-RECluster*'
            $script = '$credential = [pscredential]::new($env:SIM_USER, (ConvertTo-SecureString $env:SIM_PASSWORD -AsPlainText -Force))' + "`n" +
                ($block -replace '\./out/RECertificates', '$env:RECERT_MODULE_PATH' -replace '\./sim\.json', '$env:SIM_INFO' -replace '\(Get-Credential admin@example.com\)', '$credential' -replace '(?m)^Get-RECertificate -Verbose.*$', '') +
                "`n'connected'"
            $result = Invoke-FreshPwsh -Script $script -Environment ($environment + @{ SIM_INFO = $infoFile })
            $result.ExitCode | Should -Be 0 -Because $result.ErrorOutput
            $result.ErrorOutput | Should -BeNullOrEmpty
            $result.Output | Should -BeLike '*api*proxy*connected*'
        }
        finally {
            $process.StandardInput.Close()
            if (-not $process.WaitForExit(5000)) { $process.Kill() }
        }
    }

    It 'shows no sample thumbprint that a started simulator could never print' {
        $readme = Get-Content -LiteralPath (Join-Path (Get-RETestPath).Root 'README.md') -Raw
        $simulatorPart = $readme.Substring($readme.IndexOf('### Try everything against the simulator by hand'))
        $simulatorPart = $simulatorPart.Substring(0, $simulatorPart.IndexOf('## Building'))
        $simulatorPart | Should -Not -Match '\b[0-9A-F]{40}\b|\b[0-9A-F]{64}\b'
    }
}
