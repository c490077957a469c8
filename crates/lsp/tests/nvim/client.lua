-- Drives `drydock lsp` from Neovim's built-in LSP client (Neovim 0.7+),
-- headless: open a Dockerfile, wait for the diagnostics, ask for code
-- actions, apply one, read the buffer back, check the diagnostics follow
-- the edit, ask for a hover. Run by crates/lsp/tests/nvim/run.sh.
-- Exits 0 when every step passed; prints what failed and exits 1.

local bin = os.getenv('DRYDOCK_BIN')
local dir = os.getenv('DRYDOCK_DIR')

local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local function say(msg)
  io.stdout:write(msg .. '\n')
end

local function code_of(d)
  if d.code then return d.code end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code
end

local function has_code(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == code then return d end
  end
  return nil
end

vim.cmd('edit ' .. dir .. '/Dockerfile')
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({ name = 'drydock', cmd = { bin, 'lsp' }, root_dir = dir })
if not client_id then fail('the client did not start') end
vim.lsp.buf_attach_client(buf, client_id)

-- 1. Diagnostics arrive.
if not vim.wait(10000, function() return has_code(buf, 'FromAsCasing') ~= nil end, 20) then
  fail('no FromAsCasing diagnostic within 10 s; got ' .. vim.inspect(vim.diagnostic.get(buf)))
end
local target = has_code(buf, 'FromAsCasing')
say('diagnostics: ' .. #vim.diagnostic.get(buf) .. ', FromAsCasing on line ' .. (target.lnum + 1))

-- 2. Code actions for it.
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = {
    start = { line = target.lnum, character = target.col },
    ['end'] = { line = target.end_lnum, character = target.end_col },
  },
  context = { diagnostics = {} },
}
local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 5000)
local titles, fix, ignore = {}, nil, nil
for _, response in pairs(responses or {}) do
  for _, action in ipairs(response.result or {}) do
    table.insert(titles, action.title)
    if action.title:find('^FromAsCasing: .*%(safe%)$') then fix = action end
    if action.title:find('drydock ignore=FromAsCasing', 1, true) then ignore = action end
  end
end
say('code actions: ' .. table.concat(titles, ' | '))
if not fix then fail('no safe FromAsCasing fix among the code actions') end
if not ignore then fail('no "ignore here" action') end
if not fix.isPreferred then fail('the safe fix is not the preferred action') end

-- 3. Apply it; read the buffer.
vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
if lines[1] ~= 'FROM debian:12 AS build' then
  fail('after the fix, line 1 is ' .. vim.inspect(lines[1]))
end
if lines[3] ~= 'RUN echo "$GREETING" > /greeting' then
  fail('the fix changed another line: ' .. vim.inspect(lines))
end
say('after the fix: ' .. lines[1])

-- 4. The diagnostics follow the edit (incremental sync).
if not vim.wait(10000, function() return has_code(buf, 'FromAsCasing') == nil end, 20) then
  fail('FromAsCasing still reported after the fix')
end
say('FromAsCasing gone after the edit')

-- 5. Hover on the `$GREETING` of line 3: the ARG it refers to.
local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = 2, character = 12 },
}, 5000)
local text = ''
for _, response in pairs(hover or {}) do
  if response.result then text = text .. response.result.contents.value end
end
if not text:find('`GREETING` (ARG, line 2): `hello`', 1, true) then
  fail('hover on $GREETING: ' .. vim.inspect(text))
end
say('hover: ' .. text:gsub('\n', ' '))

vim.lsp.stop_client(client_id)
vim.cmd('qa!')
