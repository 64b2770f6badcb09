# Compares a cmdlet's help page (platyPS markdown, read by tools/HelpMarkdown.ps1, the same reader the MAML
# converter uses) with what the code declares, as Get-Command reports it. Each Get-Help*Problem function returns
# one sentence per disagreement, naming the page and the parameter, so a failing test says what to fix; no output
# means the two agree. tests/Help.Tests.ps1 runs them for every exported cmdlet, and against a throwaway cmdlet to
# prove they catch a parameter added without docs.
Set-StrictMode -Version 3
. (Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'tools/HelpMarkdown.ps1')

# Modules whose commands an example may use besides the module's own: what PowerShell itself ships.
$script:CoreModules = @(
    'Microsoft.PowerShell.Core', 'Microsoft.PowerShell.Management', 'Microsoft.PowerShell.Utility',
    'Microsoft.PowerShell.Security', 'Microsoft.PowerShell.Host', 'Microsoft.PowerShell.Diagnostics',
    'Microsoft.PowerShell.Archive', 'Microsoft.PowerShell.ThreadJob', 'ThreadJob', 'CimCmdlets',
    'Microsoft.WSMan.Management', 'PSReadLine', 'ScheduledTasks'
)

# Windows-only commands the examples use (a scheduled task is how these scripts run unattended). Where they do
# not exist, their names are accepted as they are; on Windows they are checked like any other command.
$script:WindowsOnlyCommands = @(
    'New-ScheduledTaskAction', 'New-ScheduledTaskTrigger', 'New-ScheduledTaskPrincipal',
    'New-ScheduledTaskSettingsSet', 'Register-ScheduledTask'
)
# Commands of the tools whose output the module takes (the ACME client Posh-ACME), shown as the step before it.
$script:OtherToolCommands = @('Get-PACertificate')

# Parameters every cmdlet has and the page documents in one '### CommonParameters' paragraph.
$script:CommonParameterNames = @([System.Management.Automation.PSCmdlet]::CommonParameters) + 'UseTransaction'

function Get-CodeParameter {
    <# The parameters a page must document: all but the common ones (-WhatIf and -Confirm included, as platyPS does). #>
    param([System.Management.Automation.CommandInfo] $Command)
    $Command.Parameters.Values | Where-Object { $_.Name -notin $script:CommonParameterNames }
}

function Test-CommonParameterSupport {
    <# Cmdlets and advanced functions have the common parameters; a plain function does not. #>
    param([System.Management.Automation.CommandInfo] $Command)
    $Command.Parameters -and $Command.Parameters.ContainsKey('Verbose')
}

function Test-HelpPlaceholder {
    <# platyPS writes '{{ Fill in the Description }}' where a person has not written yet. #>
    param([string] $Text)
    $Text -match '\{\{.*\}\}'
}

function Get-BlockText {
    param([object[]] $Blocks)
    (@($Blocks) | Where-Object { $_ } | ForEach-Object Text) -join "`n"
}

function Get-HelpStubProblem {
    <#
    .SYNOPSIS
    Whether the page is real help rather than the stub PowerShell or platyPS makes: a synopsis that is not the
    syntax line, a description, at least three examples with code and an explanation, a description for every
    parameter, and front matter that points Get-Help at the right file.
    #>
    param(
        [Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command,
        [Parameter(Mandatory)] $Page,
        [int] $MinimumExamples = 3
    )
    $where = "$(Split-Path -Leaf $Page.Path)"
    if ($Page.Name -cne $Command.Name) { "${where}: its title is '$($Page.Name)', the command is '$($Command.Name)'." }
    if ($Command.CommandType -eq 'Cmdlet' -and $Page.FrontMatter['external help file'] -ne $Command.HelpFile) {
        "${where}: 'external help file' is '$($Page.FrontMatter['external help file'])'; the cmdlet's help file is '$($Command.HelpFile)'."
    }
    if ($Command.ModuleName -and $Page.FrontMatter['Module Name'] -ne $Command.ModuleName) {
        "${where}: 'Module Name' is '$($Page.FrontMatter['Module Name'])', not '$($Command.ModuleName)'."
    }
    if ($Page.FrontMatter['schema'] -ne '2.0.0') { "${where}: the front matter lacks 'schema: 2.0.0' (platyPS's format)." }

    $synopsis = $Page.Synopsis.Trim()
    if (-not $synopsis) { "${where}: the SYNOPSIS is empty." }
    elseif ($synopsis -like "$($Command.Name)*" -or $synopsis -match '^\S+ \[') { "${where}: the SYNOPSIS is the syntax line, as in help PowerShell generates; write what the cmdlet does." }
    elseif (Test-HelpPlaceholder $synopsis) { "${where}: the SYNOPSIS is a placeholder." }

    $description = Get-BlockText $Page.Description
    if (-not $description.Trim()) { "${where}: the DESCRIPTION is empty." }
    elseif (Test-HelpPlaceholder $description) { "${where}: the DESCRIPTION holds a placeholder." }

    if ($Page.Examples.Count -lt $MinimumExamples) { "${where}: $($Page.Examples.Count) example(s); at least $MinimumExamples are needed." }
    foreach ($example in $Page.Examples) {
        if (-not $example.Script.Trim()) { "${where}: '$($example.Title)' has no PowerShell code fence." }
        $remarks = Get-BlockText $example.Remarks
        if (-not $remarks.Trim()) { "${where}: '$($example.Title)' does not explain what it does." }
        if ((Test-HelpPlaceholder $example.Code) -or (Test-HelpPlaceholder $remarks)) { "${where}: '$($example.Title)' holds a placeholder." }
    }

    foreach ($parameter in $Page.Parameters) {
        $text = Get-BlockText $parameter.Description
        if (-not $text.Trim() -or (Test-HelpPlaceholder $text)) { "${where}: -$($parameter.Name) has no description." }
    }
    if ((Test-CommonParameterSupport $Command) -and -not $Page.CommonParameters) { "${where}: the '### CommonParameters' paragraph is missing." }
    if (-not $Page.Outputs) { "${where}: the OUTPUTS section is empty (write 'None' when there is no output)." }
}

function Format-PipelineInput {
    <# How platyPS writes a parameter's pipeline input. #>
    param([bool] $ByValue, [bool] $ByPropertyName)
    if ($ByValue -and $ByPropertyName) { 'True (ByPropertyName, ByValue)' }
    elseif ($ByValue) { 'True (ByValue)' }
    elseif ($ByPropertyName) { 'True (ByPropertyName)' }
    else { 'False' }
}

function ConvertTo-ComparablePipelineInput {
    <# 'True (ByValue, ByPropertyName)' and 'True (ByPropertyName, ByValue)' say the same thing. #>
    param([string] $Text)
    if ($Text -match '^\s*True\s*\((.*)\)\s*$') { 'True (' + ((($Matches[1] -split '\s*,\s*') | Sort-Object) -join ', ') + ')' }
    else { $Text.Trim() }
}

function Get-HelpParameterProblem {
    <#
    .SYNOPSIS
    Every parameter the code declares is documented, for every parameter set it is in, with the type,
    aliases, required, position, pipeline input and wildcard support the code gives it; nothing is documented
    that the code lacks.
    #>
    param(
        [Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command,
        [Parameter(Mandatory)] $Page
    )
    $where = Split-Path -Leaf $Page.Path
    $allSets = @($Command.ParameterSets | ForEach-Object Name)

    foreach ($parameter in Get-CodeParameter $Command) {
        $name = $parameter.Name
        $documented = @($Page.Parameters | Where-Object Name -eq $name)
        if (-not $documented) { "${where}: parameter -$name is not documented (no '### -$name' under PARAMETERS)."; continue }
        if ($documented.Count -gt 1) { "${where}: -$name is documented $($documented.Count) times." }
        $doc = $documented[0]
        if ($doc.Name -cne $name) { "${where}: '### -$($doc.Name)' is spelled differently from the parameter -$name." }
        if (-not $doc.Blocks) { "${where}: -$name has no yaml block."; continue }

        $wildcards = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
        $setsOfParameter = @($Command.ParameterSets | Where-Object { $_.Parameters.Name -contains $name })
        foreach ($block in $doc.Blocks) {
            $missingKeys = @('Type', 'Parameter Sets', 'Aliases', 'Required', 'Position', 'Default value', 'Accept pipeline input', 'Accept wildcard characters') |
                Where-Object { $_ -notin $block.Keys }
            if ($missingKeys) { "${where}: a yaml block of -$name lacks $($missingKeys -join ', ')." }
            foreach ($set in $block.ParameterSets) {
                if ($set -eq '(All)') {
                    if ($setsOfParameter.Count -ne $allSets.Count) {
                        "${where}: -$name is documented for (All) parameter sets, but the code puts it only in $(($setsOfParameter.Name) -join ', ')."
                    }
                }
                elseif ($set -notin $allSets) { "${where}: -$name is documented for parameter set '$set', which the cmdlet does not have (it has $($allSets -join ', '))." }
                elseif ($set -notin $setsOfParameter.Name) { "${where}: -$name is documented for parameter set '$set', but the code does not put it there." }
            }
        }

        foreach ($set in $setsOfParameter) {
            $covering = @($doc.Blocks | Where-Object { $_.ParameterSets -contains '(All)' -or $_.ParameterSets -contains $set.Name })
            if (-not $covering) { "${where}: -$name is in parameter set '$($set.Name)', but no yaml block of it names that set."; continue }
            if ($covering.Count -gt 1) { "${where}: -$name has $($covering.Count) yaml blocks for parameter set '$($set.Name)'." }
            $block = $covering[0]
            $info = $set.Parameters | Where-Object Name -eq $name
            $label = if ($allSets.Count -gt 1) { " in parameter set '$($set.Name)'" } else { '' }

            $type = $info.ParameterType
            if ($block.Type -ne $type.Name -and $block.Type -ne $type.FullName) { "${where}: -$name$label is documented as type '$($block.Type)'; the code says '$($type.Name)'." }
            $required = if ($info.IsMandatory) { 'True' } else { 'False' }
            if ($block.Required -ne $required) { "${where}: -$name$label is documented as Required: $($block.Required); the code says $required." }
            $position = if ($info.Position -ge 0) { [string]$info.Position } else { 'Named' }
            if ($block.Position -ne $position) { "${where}: -$name$label is documented at Position: $($block.Position); the code says $position." }
            $pipeline = Format-PipelineInput $info.ValueFromPipeline $info.ValueFromPipelineByPropertyName
            if ((ConvertTo-ComparablePipelineInput $block.PipelineInput) -ne (ConvertTo-ComparablePipelineInput $pipeline)) {
                "${where}: -$name$label is documented with 'Accept pipeline input: $($block.PipelineInput)'; the code says '$pipeline'."
            }
            $globbing = if ($wildcards) { 'True' } else { 'False' }
            if ($block.WildcardCharacters -ne $globbing) { "${where}: -$name$label is documented with 'Accept wildcard characters: $($block.WildcardCharacters)'; the code says $globbing." }
            $codeAliases = @($info.Aliases | Sort-Object)
            $docAliases = @($block.Aliases | Where-Object { $_ -ne 'None' } | Sort-Object)
            if (($codeAliases -join ',') -ne ($docAliases -join ',')) { "${where}: -$name$label is documented with aliases '$($docAliases -join ', ')'; the code has '$($codeAliases -join ', ')'." }
        }
    }

    $codeNames = @(Get-CodeParameter $Command | ForEach-Object Name)
    foreach ($doc in $Page.Parameters) {
        if ($doc.Name -notin $codeNames) { "${where}: -$($doc.Name) is documented, but the cmdlet has no such parameter." }
    }
}

function Get-SyntaxFragment {
    <# One parameter as PowerShell's syntax line shows it: '[-Path] <String[]>', '[-Force]', '-Name <String>' ... #>
    param([System.Management.Automation.CommandParameterInfo] $Parameter)
    $isSwitch = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $nameText = if ($Parameter.Position -ge 0 -and -not $isSwitch) { "[-$($Parameter.Name)]" } else { "-$($Parameter.Name)" }
    $text = if ($isSwitch) { $nameText } else { "$nameText <$($Parameter.ParameterType.Name)>" }
    if ($Parameter.IsMandatory) { $text } else { "[$text]" }
}

function Get-HelpSyntaxProblem {
    <#
    .SYNOPSIS
    The SYNTAX section has one block per parameter set, named as in the code (the default set marked
    '(Default)'), each listing exactly that set's parameters in the form PowerShell shows them.
    #>
    param(
        [Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command,
        [Parameter(Mandatory)] $Page
    )
    $where = Split-Path -Leaf $Page.Path
    $sets = @($Command.ParameterSets)
    $fragmentPattern = '\[\[-\w+\] <[^>]+>\]|\[-\w+\] <[^>]+>|\[-\w+ <[^>]+>\]|\[-\w+\]|-\w+ <[^>]+>|-\w+|\[<CommonParameters>\]|\S+'

    foreach ($set in $sets) {
        $syntax = if ($sets.Count -eq 1) { @($Page.Syntax)[0] } else { $Page.Syntax | Where-Object SetName -eq $set.Name | Select-Object -First 1 }
        if (-not $syntax) { "${where}: SYNTAX has no block for parameter set '$($set.Name)'."; continue }
        if ($sets.Count -gt 1 -and $syntax.IsDefault -ne $set.IsDefault) {
            "${where}: SYNTAX marks set '$($set.Name)' as $(if ($syntax.IsDefault) { '' } else { 'not ' })the default; the code says $(if ($set.IsDefault) { 'it is' } else { 'it is not' })."
        }
        $text = $syntax.Text.Trim()
        if (-not $text.StartsWith($Command.Name + ' ', [StringComparison]::OrdinalIgnoreCase) -and $text -ne $Command.Name) {
            "${where}: the syntax of set '$($set.Name)' does not start with '$($Command.Name)'."; continue
        }
        $documented = @([regex]::Matches($text.Substring($Command.Name.Length), $fragmentPattern) | ForEach-Object Value | Sort-Object)
        $expected = @($set.Parameters | Where-Object { $_.Name -notin $script:CommonParameterNames } | ForEach-Object { Get-SyntaxFragment $_ })
        if (Test-CommonParameterSupport $Command) { $expected += '[<CommonParameters>]' }
        $expected = @($expected | Sort-Object)
        foreach ($missing in $expected | Where-Object { $_ -notin $documented }) { "${where}: the syntax of set '$($set.Name)' lacks '$missing'." }
        foreach ($extra in $documented | Where-Object { $_ -notin $expected }) { "${where}: the syntax of set '$($set.Name)' has '$extra', which the code does not (it expects: $($expected -join ' '))." }
    }
    $known = @($sets | ForEach-Object Name)
    if ($sets.Count -gt 1) {
        foreach ($syntax in $Page.Syntax | Where-Object { $_.SetName -notin $known }) { "${where}: SYNTAX has a block for parameter set '$($syntax.SetName)', which the cmdlet does not have." }
    }
}

function Get-HelpExampleProblem {
    <#
    .SYNOPSIS
    Every example parses, and calls only commands of the module (-ModuleName) or of PowerShell itself, with
    parameters those commands have. A name that looks like one of the module's (Verb-<NounPrefix>...) must be
    one the module exports; aliases are refused, because help shows full names.
    #>
    param(
        [Parameter(Mandatory)] $Page,
        [Parameter(Mandatory)] [string] $ModuleName,
        [Parameter(Mandatory)] [string] $NounPrefix
    )
    $where = Split-Path -Leaf $Page.Path
    $moduleCommands = @{}
    foreach ($command in Get-Command -Module $ModuleName) { $moduleCommands[$command.Name] = $command }

    foreach ($example in $Page.Examples) {
        $label = "${where}, '$($example.Title)'"
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.Script, [ref]$tokens, [ref]$errors)
        foreach ($parseError in $errors) { "${label}: does not parse: $($parseError.Message) (line $($parseError.Extent.StartLineNumber): '$($parseError.Extent.Text)')." }
        if ($errors) { continue }

        foreach ($call in $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)) {
            $name = $call.GetCommandName()
            if (-not $name) { continue }   # & $scriptBlock and the like: nothing to check by name.
            $command = $null
            if ($moduleCommands.ContainsKey($name)) { $command = $moduleCommands[$name] }
            elseif ($name -cmatch "^[A-Za-z]+-$([regex]::Escape($NounPrefix))([A-Z]|$)") {
                "${label}: uses '$name', which the module $ModuleName does not export."; continue
            }
            else {
                $command = Get-Command -Name $name -ErrorAction Ignore | Select-Object -First 1
                if (-not $command) {
                    if ($name -in $script:WindowsOnlyCommands -or $name -in $script:OtherToolCommands) { continue }
                    "${label}: uses '$name', which is neither a command of $ModuleName nor of PowerShell."; continue
                }
                if ($command.CommandType -eq 'Alias') { "${label}: uses the alias '$name'; write the command's full name ($($command.ResolvedCommandName))."; continue }
                if ($command.CommandType -eq 'Application') { continue }
                if ($command.ModuleName -notin $script:CoreModules) { "${label}: uses '$name' from module '$($command.ModuleName)', which is neither $ModuleName nor part of PowerShell."; continue }
            }
            if ($command.CommandType -eq 'Application') { continue }
            $known = @($command.Parameters.Values | ForEach-Object { $_.Name; $_.Aliases })
            foreach ($element in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                if ($element.ParameterName -notin $known) { "${label}: '$name' has no parameter -$($element.ParameterName)." }
            }
        }
    }
}

function Get-HelpOutputProblem {
    <# OUTPUTS names every type of the cmdlet's [OutputType] ('None' for void), and no type the code does not declare. #>
    param(
        [Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command,
        [Parameter(Mandatory)] $Page
    )
    $where = Split-Path -Leaf $Page.Path
    $declared = @($Command.OutputType | ForEach-Object {
            if ($_.Type -eq [void]) { 'None' } elseif ($_.Type) { $_.Type.FullName } else { $_.Name }
        })
    $documented = @($Page.Outputs | ForEach-Object Type)
    foreach ($type in $declared | Where-Object { $_ -notin $documented }) { "${where}: OUTPUTS does not name $type, which the cmdlet declares with [OutputType]." }
    foreach ($type in $documented | Where-Object { $_ -ne 'None' -and $_ -notin $declared }) { "${where}: OUTPUTS names $type, which the cmdlet does not declare with [OutputType]." }
}

function Get-HelpDriftProblem {
    <# Every check above, for one command and its page. #>
    param(
        [Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command,
        [Parameter(Mandatory)] $Page,
        [Parameter(Mandatory)] [string] $NounPrefix
    )
    Get-HelpStubProblem -Command $Command -Page $Page
    Get-HelpParameterProblem -Command $Command -Page $Page
    Get-HelpSyntaxProblem -Command $Command -Page $Page
    Get-HelpExampleProblem -Page $Page -ModuleName $Command.ModuleName -NounPrefix $NounPrefix
    Get-HelpOutputProblem -Command $Command -Page $Page
}
