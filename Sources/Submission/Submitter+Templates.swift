import PostmarkWire
import Storage
import Templates

/// Templated sends (reference 3.1 `/email/withTemplate`, `/email/batchWithTemplates`): each request's template is
/// looked up and rendered into an ordinary `EmailRequest`, which then takes the one path every message takes
/// (`sendBatch`: validation, MIME, one commit). Nothing about the message itself is checked here.
extension Submitter {
    public func sendWithTemplate(_ request: TemplatedEmailRequest, as sender: SenderContext) async throws
        -> SendReceipt
    {
        let results = try await sendBatchWithTemplates([.success(request)], as: sender)
        return try results[0].get()
    }

    /// Renders each item on its own (a template looked up once per call serves every item using it), then sends
    /// the rendered messages as one batch. The result array matches the input order.
    public func sendBatchWithTemplates(
        _ items: [Result<TemplatedEmailRequest, PostmarkError>], as sender: SenderContext
    ) async throws -> [Result<SendReceipt, PostmarkError>] {
        var lookups = TemplateLookups()
        var rendered: [Result<EmailRequest, PostmarkError>] = []
        rendered.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .failure(let error):
                rendered.append(.failure(error))
            case .success(let request):
                do {
                    rendered.append(.success(try await render(request, as: sender, lookups: &lookups)))
                } catch let error as PostmarkError {
                    rendered.append(.failure(error))
                }
            }
        }
        return try await sendBatch(rendered, as: sender)
    }

    /// The request with Subject and bodies filled in from its rendered template.
    func render(_ request: TemplatedEmailRequest, as sender: SenderContext, lookups: inout TemplateLookups)
        async throws -> EmailRequest
    {
        var email = request.email
        guard case .server(let server, _) = sender else {
            // The test token has no templates: the rest of the message is still checked, nothing is rendered.
            email.subject = "Test"
            email.textBody = "Test"
            return email
        }
        let (template, layout) = try await lookups.resolve(request.template, serverID: server.id, in: templates)
        let model = TemplateValue(json: .object(request.model))
        let output = try renderer.render(template, layout: layout, model: model, inlineCss: request.inlineCss)
        email.subject = output.subject
        email.htmlBody = output.htmlBody
        email.textBody = output.textBody
        return email
    }
}

/// Templates (and their layouts) looked up during one call, so a batch of 500 messages using one template reads
/// it once.
struct TemplateLookups {
    private var byReference: [TemplatedEmailRequest.Reference: Result<(TemplateRecord, TemplateRecord?), PostmarkError>] =
        [:]

    mutating func resolve(
        _ reference: TemplatedEmailRequest.Reference, serverID: Int64, in store: (any TemplateStore)?
    ) async throws -> (TemplateRecord, TemplateRecord?) {
        if let known = byReference[reference] { return try known.get() }
        do {
            let found = try await Self.load(reference, serverID: serverID, store: store)
            byReference[reference] = .success(found)
            return found
        } catch let error as PostmarkError {
            byReference[reference] = .failure(error)
            throw error
        }
    }

    private static func load(_ reference: TemplatedEmailRequest.Reference, serverID: Int64, store: (any TemplateStore)?)
        async throws -> (TemplateRecord, TemplateRecord?)
    {
        let template: TemplateRecord?
        let notFound: PostmarkError
        switch reference {
        case .id(let id):
            template = try await store?.template(serverID: serverID, id: id)
            notFound = .templateNotFound
        case .alias(let alias):
            template = try await store?.template(serverID: serverID, alias: alias)
            notFound = .templateAliasNotFound
        }
        guard let template, template.active, let store else { throw notFound }
        guard template.kind == .standard else {
            throw PostmarkError.templateFieldCombination(
                "The template \(template.id) is a Layout; send with a Standard template that uses it instead.")
        }
        guard let layoutAlias = template.layoutAlias else { return (template, nil) }
        guard let layout = try await store.template(serverID: serverID, alias: layoutAlias), layout.kind == .layout
        else { throw PostmarkError.layoutNotFound(layoutAlias) }
        return (template, layout)
    }
}
