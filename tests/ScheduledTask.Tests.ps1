# A rotation run the way Task Scheduler runs it: 'pwsh -NonInteractive -NoProfile -File', the credential from an
# Export-Clixml file, no prompt ever, exit 0 on success and non-zero with a readable error on failure.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    $script:sim = Start-RESimulator
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ('recert-task-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $work
    $script:credentialFile = Join-Path $work 'cluster.credential.xml'
    $sim.Credential | Export-Clixml -LiteralPath $credentialFile

    # The script an operator would schedule.
    $script:taskScript = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:RECERT_MODULE_PATH
$credential = Import-Clixml -LiteralPath $env:TASK_CREDENTIAL
$null = Connect-RECluster $env:TASK_URL -Credential $credential -CertificateThumbprint $env:TASK_PIN
Get-ChildItem -LiteralPath $env:TASK_FOLDER -Filter *.pem | Set-RECertificate -Force
Write-Output "Rotated the certificates of $env:TASK_FOLDER."
'@
    function script:Invoke-Task([string] $Folder, [string] $CredentialPath = $credentialFile) {
        Invoke-FreshPwsh -Script $taskScript -Environment @{
            TASK_CREDENTIAL = $CredentialPath; TASK_URL = $sim.Url; TASK_PIN = $sim.Thumbprint; TASK_FOLDER = $Folder
        }
    }
}

AfterAll {
    $script:sim | Stop-RESimulator
    Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A scheduled rotation' {
    BeforeEach { Clear-RESimulatorRequest $sim }

    It 'rotates, never prompts, and exits 0' {
        $folder = Join-Path $work 'good'
        $null = New-Item -ItemType Directory -Path $folder
        $chain = New-RETestChain
        Set-Content -LiteralPath (Join-Path $folder 'proxy.pem') -Value $chain.ChainPem -NoNewline
        Set-Content -LiteralPath (Join-Path $folder 'proxy.key') -Value $chain.KeyPem -NoNewline

        $run = Invoke-Task $folder
        $run.ExitCode | Should -Be 0 -Because $run.ErrorOutput
        $run.Output | Should -BeLike '*Rotated the certificates*'
        (Get-RESimulatorState $sim) | ForEach-Object { $_.certificates.proxy | Should -Be $chain.Leaf.Thumbprint }
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 1
    }

    It 'exits non-zero with a readable error naming the file, and changes nothing, when a certificate is bad' {
        $folder = Join-Path $work 'expired'
        $null = New-Item -ItemType Directory -Path $folder
        $old = New-RETestCertificate -Subject 'CN=syncer.task.test' -NotBefore ([datetime]::UtcNow.AddDays(-60)) -NotAfter ([datetime]::UtcNow.AddDays(-1))
        Set-Content -LiteralPath (Join-Path $folder 'syncer.pem') -Value ($old.CertificatePem + $old.KeyPem) -NoNewline

        $run = Invoke-Task $folder
        $run.ExitCode | Should -Not -Be 0
        ($run.Output + $run.ErrorOutput) | Should -BeLike '*syncer.pem*expired*'
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }

    It 'exits non-zero with a readable error when the stored credential is refused, after one attempt' {
        $badFile = Join-Path $work 'bad.credential.xml'
        [pscredential]::new('admin@example.com', (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force)) | Export-Clixml -LiteralPath $badFile
        $run = Invoke-Task (Join-Path $work 'good') $badFile
        $run.ExitCode | Should -Not -Be 0
        ($run.Output + $run.ErrorOutput) | Should -BeLike '*refused the credential*'
        ($run.Output + $run.ErrorOutput) | Should -Not -BeLike '*not-the-password*'
        @(Get-RESimulatorRequest $sim).Count | Should -Be 1
        $null = Invoke-RESimulatorControl $sim 'unlock' -Method POST
    }
}
