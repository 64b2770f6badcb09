<#
.SYNOPSIS
Turns the platyPS-format help markdown in docs/<culture>/ into the files Get-Help reads: the MAML file
RECertificates.dll-Help.xml (every cmdlet page) and about_*.help.txt (every about_ topic).

.DESCRIPTION
platyPS is not available where this module is built, so this does the small part of its New-ExternalHelp that the
module needs. The markdown stays platyPS's schema 2.0.0, so New-ExternalHelp would accept the same files.
The markdown is read by tools/HelpMarkdown.ps1, the same reader the drift tests (tests/Help.Tests.ps1) use.

.EXAMPLE
./tools/ConvertTo-Maml.ps1 -SourcePath docs/en-US -DestinationPath out/RECertificates/en-US
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $SourcePath,
    [Parameter(Mandatory)] [string] $DestinationPath,
    # The MAML file's name: '<assembly>-Help.xml', as the cmdlets' HelpFile names it.
    [string] $HelpFileName = 'RECertificates.dll-Help.xml'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
. (Join-Path $PSScriptRoot 'HelpMarkdown.ps1')

$MamlNamespace = 'http://schemas.microsoft.com/maml/2004/10'
$CommandNamespace = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$DevNamespace = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paragraphs {
    <# Markdown blocks as maml:para: a list item keeps its dash, a code block keeps its lines. #>
    param([System.Xml.XmlWriter] $Writer, [object[]] $Blocks)
    foreach ($block in $Blocks) {
        $text = switch ($block.Kind) {
            'Item' { '- ' + (ConvertTo-HelpText $block.Text) }
            'Code' { ($block.Text -split "`n" | ForEach-Object { '    ' + $_ }) -join "`n" }
            default { ConvertTo-HelpText $block.Text }
        }
        $Writer.WriteElementString('maml', 'para', $MamlNamespace, $text)
    }
}

function Write-Description {
    param([System.Xml.XmlWriter] $Writer, [object[]] $Blocks)
    $Writer.WriteStartElement('maml', 'description', $MamlNamespace)
    Write-Paragraphs $Writer $Blocks
    $Writer.WriteEndElement()
}

function Get-ParameterBlock {
    <# The yaml block of a parameter that covers a parameter set ('(All)' covers every set). #>
    param($Parameter, [string] $SetName)
    foreach ($block in $Parameter.Blocks) {
        if ($block.ParameterSets -contains '(All)' -or $block.ParameterSets -contains $SetName) { return $block }
    }
}

function Write-Parameter {
    <# One command:parameter. In a syntax item a switch has no value element, as in PowerShell's own help. #>
    param([System.Xml.XmlWriter] $Writer, $Parameter, $Block, [switch] $InSyntax)
    $isSwitch = $Block.Type -match '^(System\.Management\.Automation\.)?SwitchParameter$'
    $position = if ($Block.Position -match '^\d+$') { $Block.Position } else { 'named' }
    $Writer.WriteStartElement('command', 'parameter', $CommandNamespace)
    $Writer.WriteAttributeString('required', $Block.Required.ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', $Block.WildcardCharacters.ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Block.PipelineInput)
    $Writer.WriteAttributeString('position', $position)
    $Writer.WriteAttributeString('aliases', $(if ($Block.Aliases) { $Block.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $MamlNamespace, $Parameter.Name)
    Write-Description $Writer $Parameter.Description
    if (-not ($InSyntax -and $isSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $CommandNamespace)
        $Writer.WriteAttributeString('required', $(if ($isSwitch) { 'false' } else { 'true' }))
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Block.Type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $DevNamespace)
    $Writer.WriteElementString('maml', 'name', $MamlNamespace, $Block.Type)
    $Writer.WriteElementString('maml', 'uri', $MamlNamespace, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $DevNamespace, $Block.DefaultValue)
    $Writer.WriteEndElement()
}

function Write-TypeList {
    <# command:inputTypes / command:returnValues. #>
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, [object[]] $Types)
    $Writer.WriteStartElement('command', $ListName, $CommandNamespace)
    foreach ($type in $Types) {
        $Writer.WriteStartElement('command', $ItemName, $CommandNamespace)
        $Writer.WriteStartElement('dev', 'type', $DevNamespace)
        $Writer.WriteElementString('maml', 'name', $MamlNamespace, $type.Type)
        $Writer.WriteEndElement()
        Write-Description $Writer $type.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Command {
    param([System.Xml.XmlWriter] $Writer, $Page)
    $verb, $noun = $Page.Name -split '-', 2
    $Writer.WriteStartElement('command', 'command', $CommandNamespace)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $MamlNamespace)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $DevNamespace)

    $Writer.WriteStartElement('command', 'details', $CommandNamespace)
    $Writer.WriteElementString('command', 'name', $CommandNamespace, $Page.Name)
    $Writer.WriteElementString('command', 'verb', $CommandNamespace, $verb)
    $Writer.WriteElementString('command', 'noun', $CommandNamespace, $noun)
    $Writer.WriteStartElement('maml', 'description', $MamlNamespace)
    $Writer.WriteElementString('maml', 'para', $MamlNamespace, (ConvertTo-HelpText $Page.Synopsis))
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    Write-Description $Writer $Page.Description

    # Each syntax item lists its parameters in the order the markdown's syntax line gives them.
    $Writer.WriteStartElement('command', 'syntax', $CommandNamespace)
    foreach ($syntax in $Page.Syntax) {
        $Writer.WriteStartElement('command', 'syntaxItem', $CommandNamespace)
        $Writer.WriteElementString('maml', 'name', $MamlNamespace, $Page.Name)
        foreach ($name in [regex]::Matches($syntax.Text, '(?<![\w<])-(\w+)') | ForEach-Object { $_.Groups[1].Value }) {
            $parameter = $Page.Parameters | Where-Object Name -eq $name | Select-Object -First 1
            $block = if ($parameter) { Get-ParameterBlock $parameter $syntax.SetName }
            if (-not $block) {
                Write-Warning "$($Page.Path): the syntax of set '$($syntax.SetName)' names -$name, which has no yaml block for that set under PARAMETERS."
                continue
            }
            Write-Parameter $Writer $parameter $block -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $CommandNamespace)
    foreach ($parameter in $Page.Parameters) {
        if (-not $parameter.Blocks) { throw "$($Page.Path): parameter -$($parameter.Name) has no yaml block." }
        Write-Parameter $Writer $parameter $parameter.Blocks[0]
    }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' $Page.Inputs
    Write-TypeList $Writer 'returnValues' 'returnValue' $Page.Outputs

    $Writer.WriteStartElement('maml', 'alertSet', $MamlNamespace)
    $Writer.WriteStartElement('maml', 'alert', $MamlNamespace)
    Write-Paragraphs $Writer $Page.Notes
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $CommandNamespace)
    foreach ($example in $Page.Examples) {
        $Writer.WriteStartElement('command', 'example', $CommandNamespace)
        $Writer.WriteElementString('maml', 'title', $MamlNamespace, "---------- $($example.Title) ----------")
        $Writer.WriteElementString('dev', 'code', $DevNamespace, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $DevNamespace)
        Write-Paragraphs $Writer $example.Remarks
        # An empty paragraph: Get-Help then leaves a blank line before the next example's title.
        $Writer.WriteElementString('maml', 'para', $MamlNamespace, '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $CommandNamespace)
    $online = $Page.FrontMatter['online version']
    $links = @(if ($online) { [pscustomobject]@{ Text = 'Online Version:'; Uri = $online } }) + $Page.RelatedLinks
    foreach ($link in $links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $MamlNamespace)
        $Writer.WriteElementString('maml', 'linkText', $MamlNamespace, $link.Text)
        # A link to a sibling page (Get-RECertificate.md) is a command name, which Get-Help shows as the text.
        $Writer.WriteElementString('maml', 'uri', $MamlNamespace, $(if ($link.Uri -match '^https?://') { $link.Uri } else { '' }))
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function Format-WrappedText {
    <# Wraps text at $Width columns with a fixed indent (about topics are read in an 80-column console). #>
    param([string] $Text, [int] $Indent, [int] $Width = 80, [string] $FirstPrefix = '')
    $pad = ' ' * $Indent
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = $pad + $FirstPrefix
    $hanging = $pad + (' ' * $FirstPrefix.Length)
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if ($line.Trim().Length -gt 0 -and $line.Length + 1 + $word.Length -gt $Width -and $line -ne ($pad + $FirstPrefix)) {
            $lines.Add($line.TrimEnd())
            $line = $hanging
        }
        $line = if ($line -eq $hanging -or $line -eq ($pad + $FirstPrefix)) { $line + $word } else { "$line $word" }
    }
    $lines.Add($line.TrimEnd())
    $lines -join [Environment]::NewLine
}

function Format-AboutBlocks {
    param([object[]] $Blocks, [int] $Indent)
    foreach ($block in $Blocks) {
        switch ($block.Kind) {
            'Code' { ($block.Text -split "`n" | ForEach-Object { (' ' * ($Indent + 4)) + $_ }) -join [Environment]::NewLine }
            'Item' { Format-WrappedText (ConvertTo-HelpText $block.Text) $Indent -FirstPrefix '- ' }
            default { Format-WrappedText (ConvertTo-HelpText $block.Text) $Indent }
        }
        ''
    }
}

function ConvertTo-AboutText {
    <# about_*.help.txt: the topic name, '##' sections in capitals, '###' subsections indented under them. #>
    param($Topic)
    $nl = [Environment]::NewLine
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC'); $out.Add('    ' + $Topic.Name); $out.Add('')
    foreach ($section in $Topic.Sections) {
        $out.Add($section.Title.ToUpperInvariant())
        foreach ($line in Format-AboutBlocks $section.Blocks 4) { $out.Add($line) }
        foreach ($subsection in $section.Subsections) {
            $out.Add('  ' + $subsection.Title)
            foreach ($line in Format-AboutBlocks $subsection.Blocks 4) { $out.Add($line) }
        }
    }
    ($out -join $nl).TrimEnd() + $nl
}

$null = New-Item -ItemType Directory -Path $DestinationPath -Force
$utf8 = [System.Text.UTF8Encoding]::new($false)

$pages = @(Get-ChildItem -LiteralPath $SourcePath -Filter '*.md' |
        Where-Object { $_.Name -notlike 'about_*' } |
        Sort-Object Name |
        ForEach-Object { Read-HelpMarkdown -Path $_.FullName } |
        Where-Object { $_.FrontMatter['external help file'] -eq $HelpFileName })

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = $utf8
$mamlPath = Join-Path $DestinationPath $HelpFileName
$writer = [System.Xml.XmlWriter]::Create($mamlPath, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($page in $pages) { Write-Command $writer $page }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally { $writer.Dispose() }
Write-Verbose "Wrote $($pages.Count) commands to $mamlPath."

foreach ($file in Get-ChildItem -LiteralPath $SourcePath -Filter 'about_*.md') {
    $topic = Read-AboutMarkdown -Path $file.FullName
    $target = Join-Path $DestinationPath "$($topic.Name).help.txt"
    [System.IO.File]::WriteAllText($target, (ConvertTo-AboutText $topic), $utf8)
    Write-Verbose "Wrote $target."
}
