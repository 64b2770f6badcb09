# The interactive console: tab completion of -Name from the cluster, the default views (expiry marker, one group
# per cluster, nothing secret), and what -Verbose and -Debug tell.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator
    $script:other = Start-RESimulator -ClusterName 'other.local'

    function Get-Completion([string] $InputScript) {
        # What pressing Tab at the end of the line offers.
        @((TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length).CompletionMatches.CompletionText)
    }
}

AfterAll {
    $script:sim, $script:other | Stop-RESimulator
}

Describe 'Tab completion of -Name' {
    BeforeAll {
        # A name a new cluster does not have, so it can only come from the cluster.
        $seeded = New-RETestCertificate -Subject 'CN=sp.cluster.local'
        Set-RESimulatorCertificate $sim @{ sso_service_cert = $seeded.CertificatePem; sso_service_key = $seeded.KeyPem }
        $otherSeeded = New-RETestCertificate -Subject 'CN=ldap.other.local'
        Set-RESimulatorCertificate $other @{ ldap_client_cert = $otherSeeded.CertificatePem; ldap_client_key = $otherSeeded.KeyPem }
    }

    It 'offers the names the default session''s cluster holds' {
        $null = Connect-RETestCluster $sim
        Get-Completion 'Get-RECertificate -Name ss' | Should -Be @('sso_service') -Because 'the cluster holds sso_service, not sso_issuer'
        Get-Completion 'Get-RECertificate ' | Should -Be @('api', 'ccs_internode_encryption', 'cm', 'data_internode_encryption', 'metrics_exporter', 'proxy', 'sso_service', 'syncer')
    }

    It 'offers the names of the cluster of the -Session on the command line' {
        $global:RECompletionTestSession = Connect-RETestCluster $other -NoDefault
        try {
            Get-Completion 'Get-RECertificate -Session $RECompletionTestSession -Name l' | Should -Be @('ldap_client')
            Get-Completion 'Get-RECertificate -Name l' | Should -BeNullOrEmpty -Because 'the default session''s cluster holds no ldap_client'
        }
        finally { Remove-Variable -Name RECompletionTestSession -Scope Global }
    }

    It 'asks the cluster once for repeated Tab presses' {
        $session = Connect-RETestCluster $sim
        Clear-RESimulatorRequest $sim
        $null = Get-Completion 'Get-RECertificate -Name p'
        $null = Get-Completion 'Get-RECertificate -Name s'
        $null = Get-Completion 'Get-RECertificate -Name a'
        @(Get-RESimulatorRequest $sim | Where-Object path -eq '/v1/cluster/certificates').Count | Should -Be 1
        $session | Disconnect-RECluster
    }

    It 'offers the names the module knows when there is no session' {
        Disconnect-RECluster
        Get-Completion 'Get-RECertificate -Name ss' | Should -Be @('sso_issuer', 'sso_service')
        Get-Completion 'Get-RECertificate -Name metrics' | Should -Be @('metrics_exporter')
    }

    It 'offers the names the module knows, soon, when the cluster does not answer' {
        $slow = Start-RESimulator -ClusterName 'slow.local'
        try {
            $null = Connect-RETestCluster $slow
            Set-RESimulatorFault $slow @{ latencyMs = 20000 }
            $started = [Diagnostics.Stopwatch]::StartNew()
            Get-Completion 'Get-RECertificate -Name ss' | Should -Be @('sso_issuer', 'sso_service')
            # Not a speed test: only proof that completion gave up long before the cluster's 20 s answer.
            $started.Elapsed.TotalSeconds | Should -BeLessThan 15
            Disconnect-RECluster
        }
        finally { $slow | Stop-RESimulator }
    }

    It 'never throws, even for a session that was closed' {
        $closed = Connect-RETestCluster $sim -NoDefault
        $closed | Disconnect-RECluster
        $global:RECompletionTestSession = $closed
        try {
            { Get-Completion 'Get-RECertificate -Session $RECompletionTestSession -Name pr' } | Should -Not -Throw
            Get-Completion 'Get-RECertificate -Session $RECompletionTestSession -Name pr' | Should -Be @('proxy')
        }
        finally { Remove-Variable -Name RECompletionTestSession -Scope Global }
    }
}

Describe 'The default views' {
    BeforeAll {
        $script:session = Connect-RETestCluster $sim
        $script:otherSession = Connect-RETestCluster $other -NoDefault
        $expired = New-RETestCertificate -Subject 'CN=expired.cluster.local' -NotBefore ([datetime]::UtcNow.AddDays(-60)) -NotAfter ([datetime]::UtcNow.AddDays(-5))
        $soon = New-RETestCertificate -Subject 'CN=soon.cluster.local' -NotAfter ([datetime]::UtcNow.AddDays(10))
        Set-RESimulatorCertificate $sim @{
            ldap_client_cert = $expired.CertificatePem; ldap_client_key = $expired.KeyPem
            sso_service_cert = $soon.CertificatePem; sso_service_key = $soon.KeyPem
        }
        $script:originalRendering = $PSStyle.OutputRendering
        function Get-Row([string] $Text, [string] $Name) { ($Text -split "`r?`n") | Where-Object { $_ -match "^$Name\s" } }
    }

    AfterAll { $PSStyle.OutputRendering = $originalRendering }
    AfterEach { $PSStyle.OutputRendering = $originalRendering }

    It 'shows a table of name, expiry, days, subject and the thumbprint (whole when there is room), grouped by cluster' {
        $PSStyle.OutputRendering = 'PlainText'
        $text = Get-RECertificate -Session $session, $otherSession -Name api | Out-String -Width 200
        $text | Should -Match 'Cluster: cluster\.local'
        $text | Should -Match 'Cluster: other\.local'
        $text | Should -Match 'Name\s+NotAfter\s+Days\s+Subject\s+Thumbprint'
        $api = Get-RECertificate api
        $row = Get-Row $text 'api' | Select-Object -First 1
        # A wide console shows the whole thumbprint; a narrow one cuts it, keeping its start.
        $row | Should -Match $api.Thumbprint
        $narrow = Get-Row (Get-RECertificate -Session $session -Name api | Out-String -Width 80) 'api' | Select-Object -First 1
        $narrow | Should -Match ([regex]::Escape($api.Thumbprint.Substring(0, 8)))
        $narrow | Should -Not -Match $api.Thumbprint
        $row | Should -Match ([regex]::Escape($api.NotAfter.ToString('yyyy-MM-dd')))
        $row | Should -Match "\s$($api.DaysRemaining)\s"
    }

    It 'marks expired and soon-expiring certificates with ! in plain text' {
        $PSStyle.OutputRendering = 'PlainText'
        $text = Get-RECertificate | Out-String -Width 200
        Get-Row $text 'ldap_client' | Should -Match '\s-\d+!\s'
        Get-Row $text 'sso_service' | Should -Match '\s(9|10)!\s'
        Get-Row $text 'api' | Should -Not -Match '!'
        $text | Should -Not -Match "`e" -Because 'PlainText output carries no escape sequences'
    }

    It 'colours the marked days where the host renders ANSI: red once expired, yellow when soon' {
        $PSStyle.OutputRendering = 'Ansi'
        $text = Get-RECertificate | Out-String -Width 200
        Get-Row $text 'ldap_client' | Should -Match ([regex]::Escape($PSStyle.Foreground.Red) + '-\d+!' + [regex]::Escape($PSStyle.Reset))
        Get-Row $text 'sso_service' | Should -Match ([regex]::Escape($PSStyle.Foreground.Yellow) + '(9|10)!' + [regex]::Escape($PSStyle.Reset))
        Get-Row $text 'api' | Should -Not -Match "`e\[3[13]m"
    }

    It 'shows the details in a list view that says why a certificate is marked' {
        $PSStyle.OutputRendering = 'PlainText'
        $text = Get-RECertificate ldap_client | Format-List | Out-String -Width 200
        $text | Should -Match 'DaysRemaining\s*:\s*-\d+! \(expired\)'
        $text | Should -Match 'ClusterName\s*:\s*cluster\.local'
        $text | Should -Match 'Thumbprint\s*:\s*[0-9A-F]{40}'
        $text | Should -Match 'HasPrivateKey\s*:\s*True'
    }

    It 'shows no private key in any view, even when the objects carry one' {
        $certificates = Get-RECertificate -IncludePrivateKey
        $certificates[0].PrivateKey | Should -BeOfType ([securestring])
        foreach ($text in ($certificates | Out-String -Width 300), ($certificates | Format-List | Out-String -Width 300), ($certificates | Format-Table | Out-String -Width 300)) {
            $text | Should -Not -Match 'PRIVATE KEY'
            $text | Should -Not -Match '(?<!Has)PrivateKey'
        }
    }

    It 'shows sessions as a table of cluster, user, address and trust, without the password' {
        $text = $session, $otherSession | Out-String -Width 200
        $text | Should -Match 'ClusterName\s+Version\s+UserName\s+Trust\s+Connected\s+Uri'
        $text | Should -Match 'cluster\.local\s+7\.22\.2-54\s+admin@example\.com\s+pinned\s+True\s+https://127\.0\.0\.1:\d+/'
        $text | Should -Not -Match 'Passw0rd!'
        ($session | Format-List * | Out-String) | Should -Not -Match 'Passw0rd!'
    }

    It 'shows a test result as a table with its first problem' {
        # RECertificates.CertificateTestResult comes with Test-RECertificate; the view selects by type name.
        $result = [pscustomobject]@{
            PSTypeName = 'RECertificates.CertificateTestResult'
            Name = 'syncer'; Path = '/certs/syncer.pem'; IsValid = $false
            Errors = @("the key of certificate 'syncer' does not belong to the certificate", 'second problem'); Warnings = @('a warning')
            ErrorIds = @('KeyMismatch', 'Other'); Certificate = $null
        }
        $text = $result | Out-String -Width 200
        $text | Should -Match 'Name\s+IsValid\s+Path\s+FirstProblem'
        $text | Should -Match "syncer\s+False\s+/certs/syncer\.pem\s+the key of certificate 'syncer'"
        $text | Should -Not -Match 'second problem'
    }

    It 'puts the problem first in FirstProblem, not the certificate and file the other columns name' {
        $result = [pscustomobject]@{
            PSTypeName = 'RECertificates.CertificateTestResult'
            Name = 'proxy'; Path = '/certs/proxy.pem'; IsValid = $false
            Errors = @("certificate 'proxy' (/certs/proxy.pem) expired on 2026-01-01; the cluster refuses expired certificates. Issue a new one."); Warnings = @()
            ErrorIds = @('CertificateExpired'); Certificate = $null
        }
        $row = ($result | Out-String -Width 120) -split "`r?`n" | Where-Object { $_ -match '^proxy\s' }
        $row | Should -Match '/certs/proxy\.pem\s+expired on 2026-01-01'
    }
}

Describe 'What -Verbose and -Debug tell' {
    BeforeAll { $script:session = Connect-RETestCluster $sim }

    It '-Verbose tells each request: method, URL, status and time' {
        $verbose = @(Get-RECertificate -Session $session -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $expected = '^GET ' + [regex]::Escape("$($sim.Url)/v1/cluster/certificates") + ' -> 200 OK in \d+ ms$'
        @($verbose.Message | Where-Object { $_ -match $expected }).Count | Should -Be 1 -Because ($verbose.Message -join "`n")
    }

    It '-Debug alone tells each request too, without a prompt (this host is non-interactive, where a prompt fails)' {
        # PowerShell makes a compiled cmdlet's verbose messages prompts under -Debug; the module writes them as debug.
        $debug = @(Get-RECertificate -Session $session -Name api -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] })
        $expected = '^GET ' + [regex]::Escape("$($sim.Url)/v1/cluster/certificates") + ' -> 200 OK in \d+ ms$'
        @($debug.Message | Where-Object { $_ -match $expected }).Count | Should -Be 1 -Because ($debug.Message -join "`n")
    }

    It '-Debug alone never turns a warning into a prompt, in a non-interactive process' {
        # PowerShell makes a compiled cmdlet's warnings prompts under -Debug too (even with -Verbose); a scheduled
        # task run with -Debug must not fail on one. The warnings here: an unverified connection, and the reminder
        # after replacing 'proxy' (written through the -Force confirmation path as well).
        $chain = New-RETestChain
        $run = Invoke-FreshPwsh -Environment @{ SIM_URL = $sim.Url; CHAIN = $chain.ChainPem; KEY = $chain.KeyPem } -Script @'
Import-Module $env:RECERT_MODULE_PATH
$credential = [pscredential]::new('admin@example.com', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))
$session = Connect-RECluster $env:SIM_URL -Credential $credential -SkipCertificateCheck -NoDefault -Debug -Verbose 5>&1
$debug = @($session | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message
$session = @($session | Where-Object { $_ -is [RECertificates.RESession] })[0]
$key = ConvertTo-SecureString $env:KEY -AsPlainText -Force
$debug += @(Set-RECertificate -Name proxy -Certificate $env:CHAIN -Key $key -Session $session -Force -Debug 5>&1 |
    Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message
$debug | Where-Object { $_ -like 'WARNING: *' } | ForEach-Object { 'seen: ' + $_.Substring(0, 40) }
'done'
'@
        $run.ExitCode | Should -Be 0 -Because $run.ErrorOutput
        $run.ErrorOutput | Should -Not -BeLike '*NonInteractive*'
        $run.Output | Should -BeLike '*seen: WARNING: The certificate of https://*'
        $run.Output | Should -BeLike "*seen: WARNING: 'proxy' replaced on cluster*"
        $run.Output | Should -BeLike '*done*'
    }

    It '-Debug shows the answer with every key replaced by a placeholder, and no key' {
        $debug = @(Get-RECertificate -Session $session -IncludePrivateKey -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] })
        $answer = $debug.Message | Where-Object { $_ -like 'GET *certificates answer:*' }
        @($answer).Count | Should -Be 1 -Because ($debug.Message -join "`n")
        $answer | Should -Match '"proxy_key":"<redacted>"'
        $answer | Should -Match '"api_cert":"-----BEGIN CERTIFICATE-----'
        $debug.Message | Where-Object { $_ -match 'PRIVATE KEY' } | Should -BeNullOrEmpty
    }
}
