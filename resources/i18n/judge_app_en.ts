<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AccountsDialog</name>
    <message>
        <location filename="../../judge_app/gui/login.py" line="152" />
        <source>账户管理</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="156" />
        <source>账户</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="156" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="156" />
        <source>评委编号</source>
        <translation>Judge code</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="156" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="161" />
        <source>添加账户…</source>
        <translation>Add account…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="163" />
        <source>重设密码…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="165" />
        <location filename="../../judge_app/gui/login.py" line="248" />
        <source>停用 / 启用</source>
        <translation>Disable / enable</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="172" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="184" />
        <source>账户保护已启用: 修改比赛需登录, 空闲超时后须重新输入密码。</source>
        <translation>Account protection is on: changes need a login, and an idle login times out.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="185" />
        <source>尚未启用账户保护: 任何人都可修改本比赛, 审计日志记录所填的操作人。添加第一个管理员账户即启用。</source>
        <translation>Account protection is off: anyone may change this contest; the audit log records the name typed. Adding the first administrator turns it on.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="190" />
        <location filename="../../judge_app/gui/login.py" line="246" />
        <source>有效</source>
        <translation>active</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="190" />
        <source>已停用</source>
        <translation>disabled</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="222" />
        <source>添加账户</source>
        <translation>Add account</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="234" />
        <location filename="../../judge_app/gui/login.py" line="239" />
        <source>重设密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="234" />
        <source>%1 的新密码:</source>
        <translation>New password for %1:</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <location filename="../../judge_app/gui/login.py" line="110" />
        <source>添加账户</source>
        <translation>Add account</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="116" />
        <source>评委账户填评委编号, 如 J01</source>
        <translation>For a judge account, the judge code, e.g. J01</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="128" />
        <source>第一个账户须为管理员。添加后, 修改本比赛文件都需登录。</source>
        <translation>The first account must be an administrator. After that, every change to this contest file needs a login.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="131" />
        <source>账户名</source>
        <translation>Account name</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="132" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="133" />
        <source>评委编号</source>
        <translation>Judge code</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="134" />
        <source>密码 / PIN</source>
        <translation>Password / PIN</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="135" />
        <source>再输一次</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="141" />
        <source>两次输入的密码不一致</source>
        <translation>The two passwords differ</translation>
    </message>
</context>
<context>
    <name>AdvanceDialog</name>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="709" />
        <source>晋级下一轮</source>
        <translation>Advance to next round</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="720" />
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="721" />
        <source>进入</source>
        <translation>Into</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="722" />
        <source>前 N 名 (并列者一同晋级)</source>
        <translation>Top N (ties advance together)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="736" />
        <source>晋级 %1 件: %2</source>
        <translation>Advanced %1: %2</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>事项</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/audit_page.py" line="29" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/audit_page.py" line="30" />
        <source>操作人</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/audit_page.py" line="31" />
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/audit_page.py" line="32" />
        <source>对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/audit_page.py" line="33" />
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/audit_page.py" line="34" />
        <source>新值</source>
        <translation>New value</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>如 2025年9月18日</source>
        <translation>e.g. 2025-09-18</translation>
    </message>
    <message>
        <source>如 2025年9月18日 18:00</source>
        <translation>e.g. 2025-09-18 18:00</translation>
    </message>
    <message>
        <source>时间请写成 2025年9月18日 或 2025年9月18日 18:00</source>
        <translation>Write times as 2025-09-18 or 2025-09-18 18:00</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/audit_page.py" line="50" />
        <source>作品</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/audit_page.py" line="50" />
        <source>评委</source>
        <translation>Judge</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/audit_page.py" line="50" />
        <source>操作人</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/audit_page.py" line="51" />
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/audit_page.py" line="51" />
        <source>到</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/audit_page.py" line="56" />
        <source>筛选</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/audit_page.py" line="83" />
        <source>%1 条</source>
        <translation>%1 events</translation>
    </message>
</context>
<context>
    <name>BreakdownModel</name>
    <message>
        <source>去掉最高</source>
        <translation>dropped (high)</translation>
    </message>
    <message>
        <source>去掉最低</source>
        <translation>dropped (low)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="113" />
        <source>计分部分</source>
        <translation>Component</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="114" />
        <source>评委</source>
        <translation>Judge</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="115" />
        <source>评委合计</source>
        <translation>Judge total</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="117" />
        <source>去掉</source>
        <translation>Dropped</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="118" />
        <source>专家点评</source>
        <translation>Comment</translation>
    </message>
</context>
<context>
    <name>CommitPage</name>
    <message>
        <source>导入时出现程序错误, 数据库未改变。</source>
        <translation>A program error stopped the import; the database is unchanged.</translation>
    </message>
    <message>
        <source>导入网络投票</source>
        <translation>Import online votes</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="208" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="212" />
        <source>取消导入</source>
        <translation>Cancel import</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="228" />
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="249" />
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="257" />
        <source>已导入 %1: %2 行, 已计入排名。</source>
        <translation>Imported %1: %2 rows, now in the ranking.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="267" />
        <source>已取消, 数据库未改变。</source>
        <translation>Cancelled; the database is unchanged.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="269" />
        <source>导入失败, 数据库未改变: </source>
        <translation>Import failed, the database is unchanged: </translation>
    </message>
</context>
<context>
    <name>ComponentDialog</name>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="453" />
        <source>添加部分</source>
        <translation>Add a part</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="453" />
        <source>编辑部分</source>
        <translation>Edit a part</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="460" />
        <source>每行一项: 名称 满分, 如
创新性 30
可行性 30</source>
        <translation>One per line: name and maximum, e.g.
Innovation 30
Feasibility 30</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="465" />
        <source>按名次给分: 第一名 100 分, 之后每低一名减去此分</source>
        <translation>Points by rank: the top entry gets 100, each next place this much less</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="479" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="480" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="481" />
        <source>权重</source>
        <translation>Weight</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="482" />
        <source>评分项</source>
        <translation>Criteria</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="483" />
        <source>投票折算</source>
        <translation>Vote normalization</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="484" />
        <source>名次递减分</source>
        <translation>Rank step</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="485" />
        <source>投票去重</source>
        <translation>Vote dedup</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="508" />
        <source>权重须为数字</source>
        <translation>The weight must be a number</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="518" />
        <source>评分项第 %1 行须为“名称 满分”</source>
        <translation>Criteria line %1 must be "name maximum"</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="527" />
        <source>名次递减分须为数字</source>
        <translation>The rank step must be a number</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="540" />
        <source>%1须为数字</source>
        <translation>%1 must be a number</translation>
    </message>
</context>
<context>
    <name>ComponentsModel</name>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="87" />
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="88" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="89" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="90" />
        <source>权重</source>
        <translation>Weight</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="92" />
        <source>去掉最高</source>
        <translation>Drop highest</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="94" />
        <source>去掉最低</source>
        <translation>Drop lowest</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="96" />
        <source>评分项 (满分)</source>
        <translation>Criteria (max)</translation>
    </message>
</context>
<context>
    <name>ConflictMatrixModel</name>
    <message>
        <location filename="../../judge_app/gui/conflicts_page.py" line="44" />
        <source>同</source>
        <translation>U</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/conflicts_page.py" line="44" />
        <source>回</source>
        <translation>M</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/conflicts_page.py" line="51" />
        <source>无需回避</source>
        <translation>no conflict</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <location filename="../../judge_app/gui/conflicts_page.py" line="79" />
        <source>同 = 与作品同单位 (自动回避)</source>
        <translation>U = same unit as the entry (automatic)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/conflicts_page.py" line="80" />
        <source>回 = 手动添加的回避 (悬停看原因)</source>
        <translation>M = added by hand (hover for the reason)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/conflicts_page.py" line="86" />
        <source>双击单元格添加或取消手动回避</source>
        <translation>Double-click a cell to add or remove a conflict</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/conflicts_page.py" line="102" />
        <source>同单位回避 %1 处, 手动回避 %2 处</source>
        <translation>%1 same-unit conflicts, %2 added by hand</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/conflicts_page.py" line="109" />
        <location filename="../../judge_app/gui/conflicts_page.py" line="113" />
        <location filename="../../judge_app/gui/conflicts_page.py" line="128" />
        <source>回避</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/conflicts_page.py" line="113" />
        <source>取消手动回避? 原因: </source>
        <translation>Remove this conflict? Reason: </translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/conflicts_page.py" line="130" />
        <source>删除该评委对此作品的评分并设为回避? 删除的评分记入审计记录。</source>
        <translation>Delete this judge's scores for the entry and add the conflict? The deleted scores are kept in the audit log.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/conflicts_page.py" line="118" />
        <source>添加回避</source>
        <translation>Add conflict</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/conflicts_page.py" line="119" />
        <source>评委 %1 回避作品 %2 的原因:</source>
        <translation>Why judge %1 must not score %2:</translation>
    </message>
</context>
<context>
    <name>EntriesModel</name>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="124" />
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="125" />
        <source>作品/项目</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="126" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="127" />
        <source>成员</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="128" />
        <source>轮次</source>
        <translation>Round</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="128" />
        <source>全部</source>
        <translation>all</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="129" />
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="108" />
        <location filename="../../judge_app/gui/vote_wizard.py" line="128" />
        <source>选择投票导出文件</source>
        <translation>Choose the vote export</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="109" />
        <source>网络投票平台导出的 CSV 或 Excel 文件; 编码和表头会自动识别</source>
        <translation>A CSV or Excel export of the voting platform; encoding and header are detected</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="111" />
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="123" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="124" />
        <source>导入到</source>
        <translation>Import into</translation>
    </message>
</context>
<context>
    <name>JudgesModel</name>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="142" />
        <source>职称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="143" />
        <source>工作单位</source>
        <translation>Affiliation</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="137" />
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="138" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="139" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="140" />
        <source>评审组</source>
        <translation>Panels</translation>
    </message>
</context>
<context>
    <name>LocksDialog</name>
    <message>
        <source>%1签署</source>
        <translation>Head judge sign-off</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="38" />
        <source>锁定与签署</source>
        <translation>Lock and sign off</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="47" />
        <source>对象</source>
        <translation>What</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="47" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="47" />
        <source>锁定人 / 时间</source>
        <translation>Locked by / at</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="53" />
        <location filename="../../judge_app/gui/locks_dialog.py" line="154" />
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="55" />
        <source>解锁…</source>
        <translation>Unlock…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="59" />
        <source>主评委签署…</source>
        <translation>Head judge signs off…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="63" />
        <location filename="../../judge_app/gui/locks_dialog.py" line="181" />
        <location filename="../../judge_app/gui/locks_dialog.py" line="183" />
        <source>验证审计链</source>
        <translation>Verify audit chain</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="66" />
        <source>轮次</source>
        <translation>Round</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="79" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="99" />
        <source>整个轮次 </source>
        <translation>Whole round </translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="106" />
        <source>已锁定</source>
        <translation>locked</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="106" />
        <source>未锁定</source>
        <translation>not locked</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="118" />
        <source>已签署: 主评委 %1, 由 %2 于 %3 记录; 审计链头 %4</source>
        <translation>Signed off by head judge %1, recorded by %2 at %3; audit chain head %4</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="121" />
        <source>未签署。锁定整个轮次后, 由主评委签署, 才能出具证书和成绩公告。</source>
        <translation>Not signed off. Lock the whole round and have the head judge sign off before certificates and the results notice can be issued.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="124" />
        <source>审计链: %1 个事件, 链头 %2</source>
        <translation>Audit chain: %1 events, head %2</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="161" />
        <location filename="../../judge_app/gui/locks_dialog.py" line="164" />
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="161" />
        <source>解锁须写明理由 (记入审计日志, 并撤销本轮签署):</source>
        <translation>Reason for unlocking (goes into the audit log and revokes the round's sign-off):</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="170" />
        <location filename="../../judge_app/gui/locks_dialog.py" line="173" />
        <source>主评委签署</source>
        <translation>Head judge sign-off</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="170" />
        <source>主评委姓名:</source>
        <translation>Head judge's name:</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="179" />
        <source>审计链完整, 数据与审计记录一致: %1 个事件, 链头 %2</source>
        <translation>Audit chain intact and the data match it: %1 events, head %2</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/locks_dialog.py" line="183" />
        <source>审计链校验失败: </source>
        <translation>Audit verification FAILED: </translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../judge_app/gui/login.py" line="44" />
        <location filename="../../judge_app/gui/login.py" line="55" />
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="45" />
        <source>请输入账户和密码 (或 PIN)。</source>
        <translation>Enter your account and password (or PIN).</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="46" />
        <source>此操作需要登录: </source>
        <translation>This needs a login: </translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="56" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="61" />
        <source>账户</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="62" />
        <source>密码 / PIN</source>
        <translation>Password / PIN</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/login.py" line="74" />
        <source>%1 的角色是%2, 不能%3</source>
        <translation>%1 is a %2 and may not: %3</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>年度活动…</source>
        <translation>Year's campaign…</translation>
    </message>
    <message>
        <source>计分说明…</source>
        <translation>Scoring explanation…</translation>
    </message>
    <message>
        <source>计分说明</source>
        <translation>Scoring explanation</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>请输入您的姓名 (记入审计日志):</source>
        <translation>Your name (recorded in the audit log):</translation>
    </message>
    <message>
        <source>操作人: 首次修改时填写姓名</source>
        <translation>Operator: your name is asked at the first change</translation>
    </message>
    <message>
        <source>证书试印样张</source>
        <translation>Certificate proof</translation>
    </message>
    <message>
        <source>证书 %1 张 (新发 %2, 重印 %3, 补发 %4)</source>
        <translation>%1 certificates (new %2, printed again %3, reissued %4)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="175" />
        <source>导入评分表 (含点评)…</source>
        <translation>Import a score sheet (with comments)…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="600" />
        <source>导入评分表</source>
        <translation>Import a score sheet</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="625" />
        <source>未导入, 数据库未改变:</source>
        <translation>Not imported, the database is unchanged:</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="635" />
        <source>已导入 %1 行评分 (新增 %2, 更改 %3), 点评 %4 条有变化</source>
        <translation>Imported %1 score rows (%2 new, %3 changed), %4 comments changed</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="184" />
        <source>专家点评意见…</source>
        <translation>Experts' comments…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="420" />
        <source>专家点评意见</source>
        <translation>Experts' comments</translation>
    </message>
    <message>
        <source>打开共享数据库…</source>
        <translation>Open shared database…</translation>
    </message>
    <message>
        <source>打开共享数据库</source>
        <translation>Open shared database</translation>
    </message>
    <message>
        <source>PostgreSQL 数据库地址 (密码可放在 PGPASSWORD 或 pgpass 文件中):</source>
        <translation>PostgreSQL database URL (the password may be kept in PGPASSWORD or the pgpass file):</translation>
    </message>
    <message>
        <source>地址应以 postgresql:// 开头, 如 postgresql://judge@192.168.1.10/contest2024</source>
        <translation>The URL starts with postgresql://, e.g. postgresql://judge@192.168.1.10/contest2024</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="117" />
        <source>比赛设置</source>
        <translation>Setup</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="118" />
        <source>评分录入</source>
        <translation>Score entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="119" />
        <source>成绩排名</source>
        <translation>Results</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="120" />
        <source>回避</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="121" />
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="134" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="135" />
        <source>新建比赛…</source>
        <translation>New contest…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="136" />
        <source>打开…</source>
        <translation>Open…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="137" />
        <source>最近打开</source>
        <translation>Recent files</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="140" />
        <source>另存副本…</source>
        <translation>Save a copy…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="141" />
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="142" />
        <source>关闭比赛</source>
        <translation>Close contest</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="144" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="145" />
        <source>导入(&amp;I)</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="146" />
        <source>导入网络投票…</source>
        <translation>Import votes…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="147" />
        <source>导入作品名单…</source>
        <translation>Import entries…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="148" />
        <source>导入评委名单…</source>
        <translation>Import judges…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="149" />
        <source>比赛日(&amp;D)</source>
        <translation>Contest &amp;day</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="150" />
        <source>锁定与签署…</source>
        <translation>Lock and sign off…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="151" />
        <source>现场大屏与主持人控制台…</source>
        <translation>Stage and host console…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="152" />
        <source>评委评分分析…</source>
        <translation>Judge analytics…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="153" />
        <source>打印(&amp;P)</source>
        <translation>&amp;Print</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="154" />
        <source>评分表…</source>
        <translation>Score sheets…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="155" />
        <source>成绩公告…</source>
        <translation>Results notice…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="156" />
        <source>颁发证书…</source>
        <translation>Issue certificates…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="157" />
        <source>证书模板…</source>
        <translation>Certificate template…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="158" />
        <source>验证证书…</source>
        <translation>Verify a certificate…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="180" />
        <source>评委桌签 (扫码评分)…</source>
        <translation>Judge table cards (scan to score)…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="180" />
        <source>评委桌签</source>
        <translation>Judge table cards</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="180" />
        <source>评分服务地址 (手机扫码后打开; 将为每位评委签发新链接, 旧链接失效):</source>
        <translation>Scoring service address (opened after scanning; every judge gets a new link, old links stop working):</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="160" />
        <source>作品展示包…</source>
        <translation>Showcase package…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="161" />
        <source>账户(&amp;A)</source>
        <translation>&amp;Accounts</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="162" />
        <source>登录 / 切换用户…</source>
        <translation>Log in / switch user…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="163" />
        <source>退出登录</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="164" />
        <source>修改我的密码…</source>
        <translation>Change my password…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="165" />
        <source>账户管理…</source>
        <translation>Manage accounts…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="167" />
        <source>语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="185" />
        <source>未打开比赛</source>
        <translation>No contest open</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="186" />
        <source>比赛评分系统</source>
        <translation>Contest judging</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="197" />
        <source>操作人: %1 (未启用账户)</source>
        <translation>Acting as: %1 (no accounts)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="199" />
        <source>未登录 — 修改前会要求输入密码</source>
        <translation>Not logged in — a change will ask for a password</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="202" />
        <source>已登录: %1 (%2)</source>
        <translation>Logged in: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="214" />
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="214" />
        <source>本比赛尚未启用账户保护; 在 账户 → 账户管理 中添加管理员即启用。</source>
        <translation>This contest has no accounts yet; add an administrator in Accounts → Manage accounts to turn protection on.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="221" />
        <source>空闲超时, 已退出登录; 下次修改时需重新输入密码</source>
        <translation>Idle timeout: logged out; the next change asks for the password again</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="233" />
        <location filename="../../judge_app/gui/main_window.py" line="235" />
        <source>修改我的密码</source>
        <translation>Change my password</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="233" />
        <source>新密码 (至少 6 位):</source>
        <translation>New password (at least 6 characters):</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="262" />
        <source>轮次:</source>
        <translation>Round:</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="277" />
        <location filename="../../judge_app/gui/main_window.py" line="281" />
        <source>现场大屏</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="288" />
        <location filename="../../judge_app/gui/main_window.py" line="289" />
        <source>评委评分分析</source>
        <translation>Judge analytics</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="293" />
        <source>评委评分分析 — </source>
        <translation>Judge analytics — </translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="311" />
        <source>评分表</source>
        <translation>Score sheets</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="318" />
        <source>本轮没有评委打分的部分</source>
        <translation>This round has no judged panel</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="321" />
        <source>评审组:</source>
        <translation>Panel:</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="326" />
        <source>空白评分表 (评委手写)</source>
        <translation>Blank sheets (judges write by hand)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="326" />
        <source>已录入分数 (供评委签字核对)</source>
        <translation>Entered scores (for judges to check and sign)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="327" />
        <source>打印:</source>
        <translation>Print:</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="337" />
        <source>成绩公告</source>
        <translation>Results notice</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="345" />
        <source>颁发证书</source>
        <translation>Issue certificates</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="352" />
        <source>证书 %1 张 (新发 %2, 补发 %3)</source>
        <translation>%1 certificates (%2 new, %3 reprints)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="359" />
        <location filename="../../judge_app/gui/main_window.py" line="360" />
        <source>证书模板</source>
        <translation>Certificate template</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="390" />
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="394" />
        <source>已打开 </source>
        <translation>Opened </translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="401" />
        <location filename="../../judge_app/gui/main_window.py" line="406" />
        <location filename="../../judge_app/gui/main_window.py" line="412" />
        <source>文件已损坏</source>
        <translation>Damaged file</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="401" />
        <source>没有找到完好的备份。</source>
        <translation>No sound backup was found.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="403" />
        <source>最新的完好备份: %1
恢复该备份并打开? 损坏的文件会另存保留。</source>
        <translation>Newest sound backup: %1
Restore it and open? The damaged file is kept aside.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="416" />
        <source>已从备份恢复; 损坏的文件保留为 </source>
        <translation>Restored from the backup; the damaged file is kept as </translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="435" />
        <source>打开演示比赛</source>
        <translation>Open the demo contest</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="440" />
        <source>打开比赛</source>
        <translation>Open contest</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="454" />
        <source>新建比赛</source>
        <translation>New contest</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="464" />
        <location filename="../../judge_app/gui/main_window.py" line="469" />
        <source>另存副本</source>
        <translation>Save a copy</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="471" />
        <source>副本已保存: </source>
        <translation>Copy saved: </translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="479" />
        <source>备份</source>
        <translation>Backup</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="481" />
        <source>已备份到 </source>
        <translation>Backed up to </translation>
    </message>
</context>
<context>
    <name>MismatchModel</name>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="84" />
        <source>评委</source>
        <translation>Judge</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="85" />
        <source>作品</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="86" />
        <source>评分项</source>
        <translation>Criterion</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="87" />
        <source>第一次录入</source>
        <translation>First entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="89" />
        <source>第二次录入</source>
        <translation>Second entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="91" />
        <source>采用值 (按纸质评分表)</source>
        <translation>Official value (from the paper sheet)</translation>
    </message>
</context>
<context>
    <name>NewContestDialog</name>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="54" />
        <source>新建比赛</source>
        <translation>New contest</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="63" />
        <source>比赛名称 (可稍后修改)</source>
        <translation>Contest name (can be changed later)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="65" />
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="71" />
        <source>模板</source>
        <translation>Template</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="73" />
        <source>比赛名称</source>
        <translation>Contest name</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/main_window.py" line="74" />
        <location filename="../../judge_app/gui/main_window.py" line="82" />
        <source>保存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <source>创建</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="577" />
        <source>职称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="578" />
        <source>工作单位</source>
        <translation>Affiliation</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="573" />
        <source>如 教授、高级经济师</source>
        <translation>e.g. Professor, Senior Economist</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="575" />
        <source>空则用单位</source>
        <translation>empty: the unit</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="556" />
        <source>作品</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="556" />
        <source>评委</source>
        <translation>Judge</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="564" />
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="565" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="565" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="566" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="567" />
        <source>成员 (用、分隔)</source>
        <translation>Members (separated by 、)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="567" />
        <source>评审组 (如 final.expert)</source>
        <translation>Panels (e.g. final.expert)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="570" />
        <source>要添加的 PPT、视频等文件路径, 用 ; 分隔</source>
        <translation>Paths of PPT, video … files to add, separated by ;</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="572" />
        <source>已有附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>PPT、视频等文件路径, 用 ; 分隔</source>
        <translation type="vanished">PPT, video … file paths, separated by ;</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="574" />
        <source>添加文件…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="579" />
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="593" />
        <source>添加附件</source>
        <translation>Add attachments</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="612" />
        <source>编号不能为空</source>
        <translation>Code is required</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="614" />
        <source>名称不能为空</source>
        <translation>Name is required</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="624" />
        <source>编号已存在</source>
        <translation>Code already exists</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>读取时出现程序错误, 未写入任何内容</source>
        <translation>A program error stopped reading the file; nothing was written</translation>
    </message>
    <message>
        <source>导入网络投票</source>
        <translation>Import online votes</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="142" />
        <source>预览: 识别结果与票数统计</source>
        <translation>Preview: detected shape and tally</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="143" />
        <source>尚未写入; 确认无误后点“导入”</source>
        <translation>Nothing written yet; check, then press “Import”</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="157" />
        <source>提示与问题</source>
        <translation>Notes and problems</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="166" />
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="176" />
        <source>编码</source>
        <translation>encoding</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="178" />
        <source>&lt;b&gt;%1&lt;/b&gt; — %2; 表头在第 %3 行: %4&lt;br&gt;一行一票的原始记录: 作品列 &lt;b&gt;%5&lt;/b&gt;, 投票人列 &lt;b&gt;%6&lt;/b&gt;; 共 %7 条, 按本部分的去重规则计票</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2; header on row %3: %4&lt;br&gt;Raw vote records, one row per vote: entry column &lt;b&gt;%5&lt;/b&gt;, voter column &lt;b&gt;%6&lt;/b&gt;; %7 records, counted by this part's dedup rule</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="180" />
        <source>&lt;b&gt;%1&lt;/b&gt; — %2; 表头在第 %3 行: %4&lt;br&gt;作品编号列: &lt;b&gt;%5&lt;/b&gt;, 票数列: &lt;b&gt;%6&lt;/b&gt;; 数据 %7 行</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2; header on row %3: %4&lt;br&gt;entry column: &lt;b&gt;%5&lt;/b&gt;, votes column: &lt;b&gt;%6&lt;/b&gt;; %7 data rows</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="189" />
        <source>此项已有导入的票数; 导入后将替换 (旧数据保留在审计日志中)</source>
        <translation>Votes were imported before; they will be replaced (the old ones stay in the audit log)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="191" />
        <source>未发现问题</source>
        <translation>No problems found</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="195" />
        <source>文件被拒绝, 未写入任何内容:</source>
        <translation>File refused, nothing written:</translation>
    </message>
</context>
<context>
    <name>RankingModel</name>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="96" />
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="97" />
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="98" />
        <source>作品</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="99" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="102" />
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="103" />
        <source>奖项</source>
        <translation>Award</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="104" />
        <source>说明</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="130" />
        <source>导出 Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="131" />
        <source>导出 CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="133" />
        <source>轮次</source>
        <translation>Round</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="197" />
        <source>  %1 · 共 %2 件, 已排名 %3 件, 未排名 %4 件</source>
        <translation>  %1 · %2 entries, %3 ranked, %4 unranked</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="217" />
        <source>评分明细: %1 %2 (划线的评委合计按规则去掉)</source>
        <translation>Breakdown: %1 %2 (struck-through totals are dropped by the rules)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/results_page.py" line="227" />
        <location filename="../../judge_app/gui/results_page.py" line="234" />
        <source>导出排名</source>
        <translation>Export ranking</translation>
    </message>
</context>
<context>
    <name>RosterDialog</name>
    <message>
        <source>正在导入名单…</source>
        <translation>Importing the list…</translation>
    </message>
    <message>
        <source>按名单移出评审组并删除这些评分? 删除的评分记入审计记录。</source>
        <translation>Take the judges out of the panels as the list says and delete those scores? The deleted scores are kept in the audit log.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="638" />
        <source>导入名单</source>
        <translation>Import list</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="642" />
        <source>%1: 表头在第 %2 行, 编码 %3。请确认每个字段对应的列:</source>
        <translation>%1: header on row %2, encoding %3. Check which column holds each field:</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="650" />
        <source>(不导入)</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="668" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="686" />
        <source>请选择: </source>
        <translation>Please choose: </translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="687" />
        <source>预览前 %1 行; 导入时会检查全部行</source>
        <translation>First %1 rows shown; every row is checked on import</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="695" />
        <source>未导入: </source>
        <translation>Not imported: </translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="699" />
        <source>名单已导入 %1: 新增 %2, 更新 %3</source>
        <translation>Imported %1: %2 new, %3 updated</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="749" />
        <source>奖项与同分规则</source>
        <translation>Awards and ties</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="755" />
        <source>奖项, 每行一个: 名称 名额 (不写名额 = 其余全部)</source>
        <translation>Awards, one per line: name and count (no count = all the rest)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="757" />
        <source>同分时依次比较</source>
        <translation>Ties broken by</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="758" />
        <source>可用: </source>
        <translation>Available: </translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="780" />
        <source>第 %1 行: 名额须为整数</source>
        <translation>Line %1: the count must be a whole number</translation>
    </message>
</context>
<context>
    <name>ScoreEntryPage</name>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="106" />
        <source>双人录入 (盲录核对)</source>
        <translation>Double entry (blind)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="107" />
        <source>两名录入员分别录入同一张纸质评分表; 一致的分数才生效</source>
        <translation>Two clerks type the same paper sheet; only matching values become official</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="109" />
        <source>评审组</source>
        <translation>Panels</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="109" />
        <source>评委</source>
        <translation>Judge</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="110" />
        <source>录入员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="135" />
        <source>采用第一次</source>
        <translation>Take first</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="136" />
        <source>采用第二次</source>
        <translation>Take second</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="137" />
        <source>确认采用值, 使其生效</source>
        <translation>Make these values official</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="283" />
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="283" />
        <source>已记录, 等待第二人录入</source>
        <translation>Recorded; waiting for the second clerk</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="284" />
        <source>两次录入一致, 已生效</source>
        <translation>Both entries match: official</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="284" />
        <source>与第一次录入不一致, 请在下方核对</source>
        <translation>Differs from the first entry: resolve below</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="303" />
        <source>已录 %1 / %2 件作品, 回避 %3 件; 本评委合计 %4</source>
        <translation>%1 / %2 entries entered, %3 conflicted; judge total %4</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="320" />
        <source>两次录入不一致: %1 处 (对照纸质评分表选择采用值)</source>
        <translation>Mismatches: %1 (choose the value on the paper sheet)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="350" />
        <location filename="../../judge_app/gui/score_entry_page.py" line="357" />
        <source>核对</source>
        <translation>Resolve</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="350" />
        <source>请先填写采用值: </source>
        <translation>Fill in the official value first: </translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="359" />
        <source>%1 / %2: 已按核对值生效</source>
        <translation>%1 / %2: resolved values are official</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="340" />
        <source>已到最后一格, 本表还有 %1 件作品未录完: %2</source>
        <translation>Last cell reached; %1 entries on this sheet are not complete: %2</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="342" />
        <source>本表已录完, 可按 Ctrl+PgDn 转到下一位评委</source>
        <translation>This sheet is complete; Ctrl+PgDn moves to the next judge</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="120" />
        <source>换人录入…</source>
        <translation>Next typist…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="120" />
        <source>第一人录完后由第二人录入: 换成第二人的姓名或账户, 表格清空, 看不到第一人的分数</source>
        <translation>After the first typist, the second types the same sheet: switch to their name or account; the sheet is blank and the first typist's scores are not shown</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="120" />
        <source>换人录入</source>
        <translation>Next typist</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="120" />
        <source>双人录入须由另一名录入员登录</source>
        <translation>Double entry needs another clerk to log in</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="120" />
        <source>第二名录入员的姓名:</source>
        <translation>Second typist's name:</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="120" />
        <source>双人录入须由另一名录入员录入, 请填写另一人的姓名</source>
        <translation>Double entry needs another typist: enter a different name</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_entry_page.py" line="120" />
        <source>现在由 %1 录入; 看不到上一人录入的分数</source>
        <translation>%1 is typing now; the previous typist's scores are not shown</translation>
    </message>
</context>
<context>
    <name>ScoreGrid</name>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="46" />
        <source>不是数字, 应为 0–%1 分</source>
        <translation>not a number: type 0–%1</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="48" />
        <source>超出范围, 应为 0–%1 分</source>
        <translation>out of range: type 0–%1</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="60" />
        <source>只能输入数字和小数点, 应为 0–%1 分</source>
        <translation>digits and a decimal point only: type 0–%1</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="50" />
        <source>最多 4 位小数</source>
        <translation>at most 4 decimals</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="141" />
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="143" />
        <source>作品</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="148" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="148" />
        <source>专家点评</source>
        <translation>Comment</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="161" />
        <source>回避</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="163" />
        <source>未完成</source>
        <translation>incomplete</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="164" />
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="164" />
        <source>待第二人录入</source>
        <translation>awaiting 2nd clerk</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="164" />
        <source>已生效</source>
        <translation>official</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="165" />
        <source>两次录入不一致</source>
        <translation>mismatch</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/score_grid.py" line="230" />
        <source>已录入; 双人录入时录完即隐藏, 另一人看不到 (可重新录入本行)</source>
        <translation>Entered; in double entry a submitted row is hidden so the other typist cannot see it (the row can be typed again)</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <source>移出评审组并删除该评委在组内的评分? 删除的评分记入审计记录。</source>
        <translation>Take the judge out of the panel and delete their scores in it? The deleted scores are kept in the audit log.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="170" />
        <location filename="../../judge_app/gui/setup_page.py" line="319" />
        <source>保存计分设置</source>
        <translation>Save scoring settings</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="171" />
        <source>添加轮次…</source>
        <translation>Add round…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="172" />
        <location filename="../../judge_app/gui/setup_page.py" line="348" />
        <location filename="../../judge_app/gui/setup_page.py" line="354" />
        <source>删除轮次</source>
        <translation>Remove round</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="173" />
        <source>添加部分…</source>
        <translation>Add a part…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="174" />
        <source>编辑部分…</source>
        <translation>Edit a part…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="175" />
        <source>删除部分</source>
        <translation>Remove part</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="176" />
        <source>晋级下一轮…</source>
        <translation>Advance to next round…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="177" />
        <source>奖项与同分规则…</source>
        <translation>Awards and ties…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="178" />
        <source>轮次与计分部分</source>
        <translation>Rounds and components</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="181" />
        <source>轮次</source>
        <translation>Round</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="194" />
        <source>增删部分和评分项后, 调整权重使合计为 1, 再点“保存计分设置”。</source>
        <translation>After adding or removing parts and criteria, make the weights sum to 1, then click Save scoring settings.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="205" />
        <source>作品</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="206" />
        <source>评委</source>
        <translation>Judge</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="234" />
        <source>新增…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="234" />
        <source>新增评委…</source>
        <translation>Add judge…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="235" />
        <source>编辑…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="236" />
        <source>从 Excel/CSV 导入名单…</source>
        <translation>Import list from Excel/CSV…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="259" />
        <source>没有打开比赛: 请用“文件 → 新建”或“打开”</source>
        <translation>No contest open: use File → New or Open</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="286" />
        <location filename="../../judge_app/gui/setup_page.py" line="288" />
        <source>(无)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="287" />
        <source>奖项: %1&lt;br&gt;同分时依次比较: %2; 保留 %3 位小数, 四舍五入</source>
        <translation>Awards: %1&lt;br&gt;Ties broken by: %2; %3 decimals, rounded half up</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="296" />
        <source>权重须为数字 (weight must be a number)</source>
        <translation>Weight must be a number</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="305" />
        <source>权重合计 %1</source>
        <translation>Weights sum to %1</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="309" />
        <source>设置符合规则</source>
        <translation>settings are valid</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="331" />
        <location filename="../../judge_app/gui/setup_page.py" line="337" />
        <source>添加轮次</source>
        <translation>Add round</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="331" />
        <source>轮次名称 (如 决赛):</source>
        <translation>Round name (e.g. Final):</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="348" />
        <source>删除轮次 %1? 只有还没有作品和数据的轮次可以删除。</source>
        <translation>Remove round %1? Only a round without entries or data can be removed.</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="409" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="415" />
        <source>选择名单文件</source>
        <translation>Choose the list file</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="437" />
        <source>晋级</source>
        <translation>Advance</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/setup_page.py" line="437" />
        <source>本比赛只有一个轮次 (only one round)</source>
        <translation>This contest has only one round</translation>
    </message>
    <message>
        <source>比赛信息…</source>
        <translation>Contest details…</translation>
    </message>
</context>
<context>
    <name>TallyModel</name>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="96" />
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="97" />
        <source>作品</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="98" />
        <source>票数</source>
        <translation>Votes</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="99" />
        <source>投票得分</source>
        <translation>Vote score</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="100" />
        <source>此前票数</source>
        <translation>Previous votes</translation>
    </message>
</context>
<context>
    <name>VoteImportWizard</name>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="280" />
        <source>导入网络投票</source>
        <translation>Import votes</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="289" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="290" />
        <source>下一步 &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="291" />
        <source>&lt; 上一步</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="292" />
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/vote_wizard.py" line="293" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../judge_app/gui/welcome.py" line="30" />
        <source>比赛评分系统</source>
        <translation>Contest Judging</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/welcome.py" line="35" />
        <source>离线评分 · 网络投票导入 · 现场大屏 · 证书打印</source>
        <translation>Offline scoring · online vote import · live stage · certificates</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/welcome.py" line="37" />
        <source>打开演示比赛</source>
        <translation>Open the demo contest</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/welcome.py" line="37" />
        <source>20 个作品、专家评分、网络投票和现场评分都已录好, 随意试用</source>
        <translation>20 entries with expert scores, online votes and on-site scores already in: try anything</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/welcome.py" line="39" />
        <source>从模板新建比赛…</source>
        <translation>New contest from a template…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/welcome.py" line="39" />
        <source>招商大比武、调研大比武、先锋杯或空白模板</source>
        <translation>Investment pitch, research report, innovation cup or blank</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/welcome.py" line="41" />
        <source>打开比赛文件…</source>
        <translation>Open a contest file…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/welcome.py" line="41" />
        <source>打开 .sqlite 比赛数据库 (可从 U 盘或备份复制)</source>
        <translation>Open a .sqlite contest database (from a USB stick or a backup)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/welcome.py" line="45" />
        <location filename="../../judge_app/gui/welcome.py" line="79" />
        <source>最近打开 (双击或回车打开)</source>
        <translation>Recent (double-click or Enter to open)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/welcome.py" line="74" />
        <source>(文件不存在)</source>
        <translation>(file missing)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/welcome.py" line="79" />
        <source>还没有最近打开的比赛</source>
        <translation>No recent contests yet</translation>
    </message>
</context>
<context>
    <name>ContestDetailsForm</name>
    <message>
        <source>可不填; 如 https://example.org/verify.html, 证书二维码即链接到此页</source>
        <translation>Optional; e.g. https://example.org/verify.html — certificate QR codes then link to this page</translation>
    </message>
    <message>
        <source>主评委称谓</source>
        <translation>Head judge's title</translation>
    </message>
    <message>
        <source>证书验证地址</source>
        <translation>Certificate verification address</translation>
    </message>
    <message>
        <source>证书与公示上的颁发单位</source>
        <translation>Issuing body on certificates and the notice</translation>
    </message>
    <message>
        <source>可不填</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>已定日期</source>
        <translation>Date fixed</translation>
    </message>
    <message>
        <source>比赛名称</source>
        <translation>Contest name</translation>
    </message>
    <message>
        <source>主办单位</source>
        <translation>Organizer</translation>
    </message>
    <message>
        <source>承办单位</source>
        <translation>Host unit</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Venue</translation>
    </message>
</context>
<context>
    <name>ContestDetailsDialog</name>
    <message>
        <source>比赛信息</source>
        <translation>Contest details</translation>
    </message>
    <message>
        <source>主办单位和日期印在证书和成绩公示上; 轮次锁定后不能修改。</source>
        <translation>The organizer and the date are printed on certificates and the results notice; they cannot change once a round is locked.</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CommentaryBox</name>
    <message>
        <location filename="../../judge_app/stage/commentary_box.py" line="17" />
        <source>专家点评</source>
        <translation>Expert commentary</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/commentary_box.py" line="18" />
        <source>不安排</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/commentary_box.py" line="19" />
        <source>亮分前</source>
        <translation>Before the reveal</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/commentary_box.py" line="20" />
        <source>亮分后</source>
        <translation>After the reveal</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/commentary_box.py" line="21" />
        <source>显示点评计时</source>
        <translation>Show the comment timer</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/commentary_box.py" line="22" />
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/commentary_box.py" line="23" />
        <source>开始/暂停点评计时</source>
        <translation>Start/pause the comment timer</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/commentary_box.py" line="24" />
        <source>环节位置</source>
        <translation>Place in the plan</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/commentary_box.py" line="25" />
        <source>发言专家</source>
        <translation>Speaking expert</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/commentary_box.py" line="26" />
        <source>(未选择)</source>
        <translation>(none chosen)</translation>
    </message>
</context>
<context>
    <name>FeedbackOptionsDialog</name>
    <message>
        <location filename="../../judge_app/gui/feedback_dialog.py" line="15" />
        <source>专家点评意见</source>
        <translation>Experts' comments</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/feedback_dialog.py" line="16" />
        <source>匿名: 评委显示为 评委1…N, 不印姓名</source>
        <translation>Anonymous: judges as 评委1…N, no names</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/feedback_dialog.py" line="17" />
        <source>同时印出各部分得分与总分</source>
        <translation>Also print the component scores and the total</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/feedback_dialog.py" line="19" />
        <source>作品编号, 用空格或逗号分隔; 空则全部作品</source>
        <translation>Entry codes, separated by spaces or commas; empty: every entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/feedback_dialog.py" line="23" />
        <source>作品</source>
        <translation>Entries</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/feedback_dialog.py" line="25" />
        <source>生成</source>
        <translation>Make</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/feedback_dialog.py" line="26" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>NoticeOptionsDialog</name>
    <message>
        <source>成绩公告</source>
        <translation>Results notice</translation>
    </message>
    <message>
        <source>校对稿 (带水印, 供主评委核对, 不得张贴)</source>
        <translation>Draft (watermarked, for the head judge to check, not for posting)</translation>
    </message>
    <message>
        <source>正式公示 (须已签署)</source>
        <translation>Notice to post (needs the sign-off)</translation>
    </message>
    <message>
        <source>注明公示期</source>
        <translation>State the notice period</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>如: 市招商办 (电话 0571-12345678)</source>
        <translation>e.g. the organizing office (phone 0571-12345678)</translation>
    </message>
    <message>
        <source>公示期</source>
        <translation>Notice period</translation>
    </message>
    <message>
        <source>异议联系</source>
        <translation>Objections to</translation>
    </message>
    <message>
        <source>生成</source>
        <translation>Make</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>HostConsole</name>
    <message>
        <location filename="../../judge_app/stage/console.py" line="72" />
        <source>主持人控制台</source>
        <translation>Host console</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="86" />
        <source>切换到舞台</source>
        <translation>Take to stage</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="90" />
        <source>就绪</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="147" />
        <source>评委评分</source>
        <translation>Judges scoring</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="148" />
        <source>扫码评分</source>
        <translation>Phone scoring</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="155" />
        <source>端口 </source>
        <translation>Port </translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="167" />
        <source>评委</source>
        <translation>Judge</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="167" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="167" />
        <source>最后在线</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="173" />
        <location filename="../work/wt/contestday/judge_app/stage/console.py" line="344" />
        <source>结束评分</source>
        <translation>Close scoring</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="175" />
        <source>重新开放评分</source>
        <translation>Reopen scoring</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="195" />
        <source>亮分</source>
        <translation>Reveal</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="196" />
        <source>一键亮分</source>
        <translation>Reveal component</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="198" />
        <source>最后得分</source>
        <translation>Final score</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="200" />
        <source>自动播放</source>
        <translation>Auto-play</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="206" />
        <source> 秒</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="221" />
        <source>出场顺序</source>
        <translation>Running order</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="222" />
        <source>现场抽签</source>
        <translation>Draw lots</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="224" />
        <source>指定种子</source>
        <translation>Use seed</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="228" />
        <source>按编号固定顺序</source>
        <translation>Fixed order by code</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="244" />
        <source>计时</source>
        <translation>Countdown</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="248" />
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="252" />
        <source>开始/暂停</source>
        <translation>Start/pause</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="254" />
        <source>重置</source>
        <translation>Reset</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="256" />
        <source>提示音</source>
        <translation>Chime</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="261" />
        <source>每位时长</source>
        <translation>Time per entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="270" />
        <source>当前作品</source>
        <translation>Current entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="273" />
        <source>打开附件</source>
        <translation>Open attachment</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="282" />
        <source>舞台显示</source>
        <translation>Stage display</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="288" />
        <source>评委匿名显示为 评委1、评委2…</source>
        <translation>Show judges anonymously as Judge 1, Judge 2…</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="291" />
        <source>实时显示总分, 不等亮分</source>
        <translation>Show totals live, before the reveal</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="297" />
        <source>主题</source>
        <translation>Theme</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="300" />
        <source>舞台屏幕</source>
        <translation>Stage screen</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="305" />
        <source>播放</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="307" />
        <source>◀ 上一步</source>
        <translation>◀ Back</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="307" />
        <source>下一步 ▶</source>
        <translation>Next ▶</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="308" />
        <source>黑屏</source>
        <translation>Black</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="327" />
        <source> 等 %1 件</source>
        <translation> and %1 in all</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="328" />
        <source>以下作品尚未亮分: %1。确定跳过它们切换到舞台吗?</source>
        <translation>Not yet revealed: %1. Skip them and take this to the stage?</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="329" />
        <source>尚未亮分</source>
        <translation>Not yet revealed</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="342" />
        <source>以下评委尚未提交: %1。确定结束 %2 的评分吗?</source>
        <translation>These judges have not submitted: %1. Close scoring of %2?</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="367" />
        <source>%1 的评委已全部提交</source>
        <translation>All judges have submitted %1</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="372" />
        <source>重新抽签</source>
        <translation>Draw again</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="372" />
        <source>已经抽过签, 确定重新抽签吗?</source>
        <translation>Lots were drawn already. Draw again?</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="387" />
        <source>选择附件</source>
        <translation>Choose attachment</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="411" />
        <source>自动 (有投影时用投影)</source>
        <translation>Automatic (the projector when attached)</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="412" />
        <source>本屏窗口</source>
        <translation>Window on this screen</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="438" />
        <source>%1 全屏</source>
        <translation>%1 full screen</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="438" />
        <source>窗口 (单屏)</source>
        <translation>Window (one screen)</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="439" />
        <location filename="../work/wt/contestday/judge_app/stage/console.py" line="521" />
        <source>舞台: </source>
        <translation>Stage: </translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="475" />
        <source>未连接</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="475" />
        <source>已连接</source>
        <translation>Connected</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="475" />
        <source>已提交</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="476" />
        <source>回避</source>
        <translation>Recused</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="476" />
        <source>已结束</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="482" />
        <source>未启用扫码评分</source>
        <translation>Phone scoring off</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="484" />
        <source>评分服务地址: </source>
        <translation>Scoring service address: </translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="486" />
        <source>未开启; 另一程序开启评分服务时, 控制台自动连接</source>
        <translation>Off; when another program runs the scoring service, the console attaches to it</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="490" />
        <source>已连接到正在运行的评分服务: %1 (另一程序, 手机跟随舞台)</source>
        <translation>Attached to the running scoring service: %1 (another program; phones follow the stage)</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="493" />
        <source>评分服务已断开: %1。勾选 扫码评分 可在本机开启</source>
        <translation>Scoring service disconnected: %1. Tick Phone scoring to start one here</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="489" />
        <source>手机当前作品: 无</source>
        <translation>Phones' current entry: none</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="496" />
        <source> (已结束评分)</source>
        <translation> (scoring closed)</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="497" />
        <source>手机当前作品: </source>
        <translation>Phones' current entry: </translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="498" />
        <source>已提交 %1 / %2</source>
        <translation>Submitted %1 / %2</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="500" />
        <source>✔ 评委已全部提交</source>
        <translation>✔ All judges have submitted</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="520" />
        <source>  [黑屏]</source>
        <translation>  [black]</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="523" />
        <source>预览 (未上屏): </source>
        <translation>Preview (not on air): </translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="524" />
        <source>  — 按回车键切换到舞台</source>
        <translation>  — press Enter to take it to the stage</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="526" />
        <source>舞台预览 (与投影一致)</source>
        <translation>Stage preview (as projected)</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="528" />
        <source>(结束)</source>
        <translation>(end)</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="529" />
        <source>下一步: </source>
        <translation>Next: </translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="536" />
        <source>尚未确定出场顺序</source>
        <translation>No running order yet</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="538" />
        <source>抽签种子 </source>
        <translation>Draw seed </translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="540" />
        <source>固定顺序</source>
        <translation>Fixed order</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="545" />
        <source>已亮分</source>
        <translation>revealed</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="545" />
        <source>未亮分</source>
        <translation>not revealed</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="546" />
        <source>待定</source>
        <translation>pending</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="547" />
        <source>无附件</source>
        <translation>No attachments</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="548" />
        <source>总分 </source>
        <translation>Total </translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="549" />
        <source>, 仅主持人可见</source>
        <translation>, host only</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="552" />
        <source>计时中</source>
        <translation>running</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="552" />
        <source>已暂停</source>
        <translation>paused</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="90" />
        <source>快捷键: 回车键</source>
        <translation>Shortcut: Enter</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="90" />
        <source>快捷键: R 键</source>
        <translation>Shortcut: R</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="90" />
        <source>快捷键: 结束键</source>
        <translation>Shortcut: End</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="90" />
        <source>快捷键: T 键</source>
        <translation>Shortcut: T</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="90" />
        <source>快捷键: 上翻页键</source>
        <translation>Shortcut: Page Up</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="90" />
        <source>快捷键: 下翻页键 或 空格键</source>
        <translation>Shortcut: Page Down or Space</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="90" />
        <source>快捷键: B 键</source>
        <translation>Shortcut: B</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="200" />
        <source>打印评委桌签…</source>
        <translation>Print judge cards…</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="200" />
        <source>每位评委一张, 印有姓名、编号和扫码链接</source>
        <translation>One per judge, with name, code and the link to scan</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="200" />
        <source>请先开启扫码评分: 桌签上要印评分服务的地址</source>
        <translation>Start phone scoring first: the cards carry the service's address</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="200" />
        <source>打印评委桌签</source>
        <translation>Print judge cards</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="200" />
        <source>将为每位评委签发新链接并生成桌签, 之前发出的链接随即失效。继续吗?</source>
        <translation>This issues new links for every judge and makes their cards; links handed out before stop working. Continue?</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="200" />
        <source>保存评委桌签</source>
        <translation>Save judge cards</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="200" />
        <source>已生成 %1 张评委桌签: %2</source>
        <translation>%1 judge cards written: %2</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="540" />
        <source>评分服务已断开; 可勾选 扫码评分 在本机开启</source>
        <translation>Scoring service disconnected; tick Phone scoring to start one here</translation>
    </message>
    <message>
        <location filename="../../judge_app/stage/console.py" line="540" />
        <source>已连接到正在运行的评分服务: %1</source>
        <translation>Attached to the running scoring service: %1</translation>
    </message>
</context>
<context>
    <name>StageController</name>
    <message>
        <source>计时只在作品展示时开始</source>
        <translation>The timer starts only while an entry is on stage</translation>
    </message>
    <message>
        <source>读取数据库失败, 稍后重试: %1</source>
        <translation>Reading the database failed; trying again shortly: %1</translation>
    </message>
    <message>
        <source>手机当前作品已被改为 %1, 预览中; 按 Enter 切换到舞台</source>
        <translation>The phones' current entry was changed to %1; it is in the preview: press Enter to take it to the stage</translation>
    </message>
    <message>
        <source>读取评分状态失败, 稍后重试: %1</source>
        <translation>Reading the scoring status failed; trying again shortly: %1</translation>
    </message>
    <message>
        <source>程序错误, 已记入日志 %1; 稍后重试</source>
        <translation>Program error, written to the log %1; trying again shortly</translation>
    </message>
    <message>
        <source>(日志无法写入)</source>
        <translation>(the log could not be written)</translation>
    </message>
    <message>
        <source>请先开启扫码评分: 桌签上要印评分服务的地址</source>
        <translation>Start phone scoring first: the cards carry the scoring service's address</translation>
    </message>
    <message>
        <source>扫码评分已开启: %1</source>
        <translation>Phone scoring is on: %1</translation>
    </message>
    <message>
        <source>扫码评分已关闭</source>
        <translation>Phone scoring is off</translation>
    </message>
    <message>
        <source>未找到当前作品的附件</source>
        <translation>No attachment found for the current entry</translation>
    </message>
    <message>
        <source>已打开 %1</source>
        <translation>Opened %1</translation>
    </message>
    <message>
        <source>无法打开 %1</source>
        <translation>Cannot open %1</translation>
    </message>
</context>
<context>
    <name>ErrorReport</name>
    <message>
        <source>(日志无法写入)</source>
        <translation>(the log could not be written)</translation>
    </message>
    <message>
        <source>程序错误: 这不是您的操作或数据的问题。未完成的操作已撤销。</source>
        <translation>Program error: this is not a problem with what you did or with your data. The unfinished operation was undone.</translation>
    </message>
    <message>
        <source>详细信息已写入 %1, 请将该文件发给技术支持。</source>
        <translation>The details were written to %1; please send that file to support.</translation>
    </message>
    <message>
        <source>程序错误</source>
        <translation>Program error</translation>
    </message>
</context>
<context>
    <name>Runner</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CertificateTemplateDialog</name>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>证书模板预览</source>
        <translation>Certificate template preview</translation>
    </message>
    <message>
        <source>文字 (花括号中的字段逐张填入)</source>
        <translation>Text (fields in braces are filled per certificate)</translation>
    </message>
    <message>
        <source>字号</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>位置 x, y (毫米)</source>
        <translation>Position x, y (mm)</translation>
    </message>
    <message>
        <source>打开模板文件…</source>
        <translation>Open template file…</translation>
    </message>
    <message>
        <source>模板:</source>
        <translation>Template:</translation>
    </message>
    <message>
        <source>样例:</source>
        <translation>Sample:</translation>
    </message>
    <message>
        <source>另存模板…</source>
        <translation>Save template as…</translation>
    </message>
    <message>
        <source>打印样张…</source>
        <translation>Print sample…</translation>
    </message>
    <message>
        <source>本轮还没有获奖作品, 无法预览</source>
        <translation>No awarded entries in this round yet; nothing to preview</translation>
    </message>
    <message>
        <source>另存模板</source>
        <translation>Save template</translation>
    </message>
    <message>
        <source>证书模板 (*.json)</source>
        <translation>Certificate templates (*.json)</translation>
    </message>
    <message>
        <source>打开模板</source>
        <translation>Open template</translation>
    </message>
    <message>
        <source>证书模板 (*.toml *.json)</source>
        <translation>Certificate templates (*.toml *.json)</translation>
    </message>
</context>
<context>
    <name>IssueCertificatesDialog</name>
    <message>
        <source>颁发证书</source>
        <translation>Issue certificates</translation>
    </message>
    <message>
        <source>其他模板文件…</source>
        <translation>Other template file…</translation>
    </message>
    <message>
        <source>每件作品一张</source>
        <translation>One per entry</translation>
    </message>
    <message>
        <source>每位成员一张</source>
        <translation>One per member</translation>
    </message>
    <message>
        <source>全部获奖作品</source>
        <translation>All awarded entries</translation>
    </message>
    <message>
        <source>某一奖项</source>
        <translation>One award tier</translation>
    </message>
    <message>
        <source>挑选作品</source>
        <translation>Picked entries</translation>
    </message>
    <message>
        <source>用模板的编号格式</source>
        <translation>The template's serial pattern</translation>
    </message>
    <message>
        <source>纸质证书盖章, 不填; 电子版可选透明背景 PNG 印章图片</source>
        <translation>Leave empty for paper (stamp it); for electronic copies, a transparent PNG seal</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>补发 (原证书遗失, 同一编号重新出具, 证书上标明补发)</source>
        <translation>Reissue (original lost: same serial, marked as reissued)</translation>
    </message>
    <message>
        <source>补发原因, 如 原件遗失</source>
        <translation>Reason for the reissue, e.g. original lost</translation>
    </message>
    <message>
        <source>模板</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>证书日期</source>
        <translation>Certificate date</translation>
    </message>
    <message>
        <source>获奖者</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Entries</translation>
    </message>
    <message>
        <source>编号格式</source>
        <translation>Serial pattern</translation>
    </message>
    <message>
        <source>印章图片</source>
        <translation>Seal image</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>再次打印已颁发的证书 (换模板、卡纸) 沿用原编号, 不算补发。试印在普通纸上核对版面, 带“样张”水印, 不编号, 不登记。</source>
        <translation>Printing an issued certificate again (another template, a paper jam) keeps its serial and is not a reissue. A proof run checks the layout on plain paper: watermarked SAMPLE, not numbered, not registered.</translation>
    </message>
    <message>
        <source>试印…</source>
        <translation>Proof…</translation>
    </message>
    <message>
        <source>颁发并预览…</source>
        <translation>Issue and preview…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请勾选要打印的作品。</source>
        <translation>Tick the entries to print.</translation>
    </message>
    <message>
        <source>补发须写明原因。</source>
        <translation>A reissue needs a reason.</translation>
    </message>
    <message>
        <source>将打印 %1 张证书; 预览为第一张</source>
        <translation>%1 certificates will print; the preview shows the first</translation>
    </message>
    <message>
        <source>打开模板</source>
        <translation>Open template</translation>
    </message>
    <message>
        <source>证书模板 (*.toml *.json)</source>
        <translation>Certificate templates (*.toml *.json)</translation>
    </message>
    <message>
        <source>透明背景 PNG (*.png)</source>
        <translation>Transparent PNG (*.png)</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>验证证书</source>
        <translation>Verify a certificate</translation>
    </message>
    <message>
        <source>扫描或粘贴二维码内容, 回车验证</source>
        <translation>Scan or paste the QR content, then Enter</translation>
    </message>
    <message>
        <source>等待扫描…</source>
        <translation>Waiting for a scan…</translation>
    </message>
    <message>
        <source>验证</source>
        <translation>Verify</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Serial</translation>
    </message>
    <message>
        <source>获奖者</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <source>奖项</source>
        <translation>Award</translation>
    </message>
    <message>
        <source>作品</source>
        <translation>Entry</translation>
    </message>
    <message>
        <source>比赛</source>
        <translation>Contest</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>注意</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>SignoffDialog</name>
    <message>
        <source>%1签署</source>
        <translation>Head judge sign-off</translation>
    </message>
    <message>
        <source>选择或输入%1姓名</source>
        <translation>Choose or type the head judge's name</translation>
    </message>
    <message>
        <source>%1姓名</source>
        <translation>Head judge</translation>
    </message>
    <message>
        <source>签署账户</source>
        <translation>Signing account</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>签署后结果封存; 证书和成绩公示只对已签署的结果出具。</source>
        <translation>Signing seals the result; certificates and the notice are issued only for a signed result.</translation>
    </message>
    <message>
        <source>签署</source>
        <translation>Sign off</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CampaignDialog</name>
    <message>
        <source>年度活动</source>
        <translation>Year&apos;s campaign</translation>
    </message>
    <message>
        <source>年度活动文件 (*.toml), 列出本年度各比赛文件</source>
        <translation>Campaign file (.toml) listing the year&apos;s contest files</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>包括未签署的比赛 (标记未签署)</source>
        <translation>Include rounds not signed off (marked 未签署)</translation>
    </message>
    <message>
        <source>汇总</source>
        <translation>Summarise</translation>
    </message>
    <message>
        <source>年度活动文件</source>
        <translation>Campaign file</translation>
    </message>
    <message>
        <source>选择一个单位查看其各比赛作品</source>
        <translation>Select a unit to see its entries in every contest</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <source>比赛</source>
        <translation>Contest</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>作品</source>
        <translation>Entry</translation>
    </message>
    <message>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>奖项</source>
        <translation>Award</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>原填单位</source>
        <translation>Unit as entered</translation>
    </message>
    <message>
        <source>打开年度活动文件</source>
        <translation>Open a campaign file</translation>
    </message>
    <message>
        <source>%1 项比赛、%2 个单位</source>
        <translation>%1 contests, %2 units</translation>
    </message>
    <message>
        <source>%1 的作品 (积分 %2)</source>
        <translation>Entries of %1 (points %2)</translation>
    </message>
    <message>
        <source>单位成绩汇总</source>
        <translation>Units&apos; results</translation>
    </message>
    <message>
        <source>已保存 %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
</context>
<context>
    <name>ShowcaseDialog</name>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>生成优秀作品展示包</source>
        <translation>Showcase package</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>公布得分</source>
        <translation>Publish the official score</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>附专家点评, 署名含职称与工作单位</source>
        <translation>Include the experts' comments, with title and affiliation</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>点评不署名, 显示为 评委1…N</source>
        <translation>Comments without names (shown as Judge 1…N)</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>空文件夹或以前生成的展示包</source>
        <translation>An empty folder or an earlier package</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>选择…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>可选: 作品简介 TOML, 如 Z03 = "……"</source>
        <translation>Optional: entry summaries TOML, e.g. Z03 = "……"</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>轮次</source>
        <translation>Round</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>奖项</source>
        <translation>Awards</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>输出文件夹</source>
        <translation>Folder</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>作品简介</source>
        <translation>Summaries</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>生成</source>
        <translation>Build</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>打开展示页</source>
        <translation>Open gallery</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>选择输出文件夹</source>
        <translation>Choose the folder</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>选择作品简介</source>
        <translation>Choose the summaries</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>请选择输出文件夹</source>
        <translation>Choose an output folder</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>请至少选择一个奖项</source>
        <translation>Choose at least one award</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>生成展示包</source>
        <translation>Showcase package</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>正在生成…</source>
        <translation>Building…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>正在生成展示包…</source>
        <translation>Building the showcase package…</translation>
    </message>
</context>
<context>
    <name>AttachmentsDialog</name>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>作品附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>添加文件…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>检查</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>作品</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>附件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../judge_app/gui/showcase_dialog.py" line="1" />
        <source>选择附件</source>
        <translation>Choose files</translation>
    </message>
</context>
</TS>