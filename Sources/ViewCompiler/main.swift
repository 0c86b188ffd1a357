import Foundation
import ViewCompilerCore

// ViewCompiler --views DIR --locales DIR --output FILE.swift [--extension html] [--namespace Templates]
//               [--chrome-type Chrome] [--runtime-module ViewRuntime|-]

let usage = "usage: ViewCompiler --views DIR --locales DIR --output FILE.swift [--extension html] [--namespace Templates] [--chrome-type Chrome] [--runtime-module ViewRuntime|-]"
var values: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard flag.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }
    values[String(flag.dropFirst(2))] = value
}
guard let views = values["views"], let locales = values["locales"], let output = values["output"] else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(2)
}
var options = GeneratorOptions()
if let namespace = values["namespace"] { options.namespace = namespace }
if let chrome = values["chrome-type"] { options.chromeType = chrome }
if let module = values["runtime-module"] { options.runtimeModule = module == "-" ? nil : module }

do {
    let (templates, catalogues) = try loadSources(views: URL(fileURLWithPath: views), locales: URL(fileURLWithPath: locales),
                                                  extension: values["extension"] ?? "html")
    let code = try compileViews(templates, catalogues: catalogues, options: options)
    // Rewrite only on change, so an unchanged output does not recompile its module.
    let url = URL(fileURLWithPath: output)
    if (try? String(contentsOf: url, encoding: .utf8)) != code {
        try code.write(to: url, atomically: true, encoding: .utf8)
    }
} catch let diagnostics as Diagnostics {
    FileHandle.standardError.write(Data((diagnostics.description + "\n").utf8))
    exit(1)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
