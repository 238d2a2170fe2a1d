-- Headless Neovim drives `stanzalint serve`: open the file, wait for diagnostics, apply the
-- quick fix whose title starts with $SZ_ACTION, write the buffer; list the code lenses on the way.
-- Results go to $SZ_OUT.
local out = {}
local function finish(status)
  table.insert(out, 'status ' .. status)
  vim.fn.writefile(out, vim.env.SZ_OUT)
  vim.cmd('qall!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.SZ_FILE))
local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'stanzalint',
  cmd = { vim.env.SZ_PYTHON, '-m', 'stanzalint', 'serve' },
  root_dir = vim.fn.fnamemodify(vim.env.SZ_FILE, ':h'),
})
vim.lsp.buf_attach_client(bufnr, client_id)

local got = vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
if not got then return finish('no-diagnostics') end
local target
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  -- Neovim 0.7 keeps the LSP-only fields (code, data ...) in user_data.lsp
  local lsp = vim.deepcopy(d.user_data and d.user_data.lsp or {})
  lsp.code = lsp.code or d.code
  lsp.message, lsp.severity, lsp.source = d.message, d.severity, d.source
  lsp.range = { start = { line = d.lnum, character = d.col },
                ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col } }
  table.insert(out, string.format('diagnostic %s %d', lsp.code, d.lnum + 1))
  if lsp.code == vim.env.SZ_CODE then target = lsp end
end
table.sort(out)
if not target then return finish('no-target') end

-- Code lenses: listed, then resolved one by one; the titles come once the build context is read.
local lens_client = vim.lsp.get_client_by_id(client_id)
local lenses = {}
vim.wait(15000, function()
  lenses = {}
  local listed = lens_client.request_sync('textDocument/codeLens', { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }, 5000, bufnr)
  for _, lens in ipairs((listed and listed.result) or {}) do
    local done = lens_client.request_sync('codeLens/resolve', lens, 5000, bufnr)
    local title = done and done.result and done.result.command and done.result.command.title or '?'
    if title:find('being read', 1, true) then return false end
    table.insert(lenses, string.format('lens %d %s', lens.range.start.line + 1, title))
  end
  return #lenses > 0
end, 100)
for _, line in ipairs(lenses) do table.insert(out, line) end

local params = {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = target.range,
  context = { diagnostics = { target } },
}
local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 20000)
local client = vim.lsp.get_client_by_id(client_id)
local applied = false
for _, response in pairs(responses or {}) do
  if response.err then table.insert(out, 'error ' .. vim.inspect(response.err)) end
  for _, action in ipairs(response.result or {}) do
    table.insert(out, 'action ' .. action.title)
    if not applied and action.edit and vim.startswith(action.title, vim.env.SZ_ACTION) then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      applied = true
    end
  end
end
if not applied then return finish('no-action') end
vim.cmd('write')
client.stop()
finish('ok')
