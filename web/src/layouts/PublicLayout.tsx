import { NavLink, Outlet } from 'react-router';

/** The public site's shell: phone first, a red government header, links that wrap rather than hide. */
export function PublicLayout() {
  return (
    <>
      <header className="sgz-public-header">
        <h1>济南市社会工作服务站</h1>
        <nav aria-label="主导航">
          <NavLink to="/gs" end>
            首页
          </NavLink>
          <NavLink to="/gs/stations">社工站名录</NavLink>
          <NavLink to="/gs/publicity">评估结果公示</NavLink>
          <NavLink to="/gs/funds">资金信息公开</NavLink>
          <NavLink to="/gs/complaints">投诉与查询</NavLink>
          <NavLink to="/console">工作人员登录</NavLink>
        </nav>
      </header>
      <main className="sgz-public-main">
        <Outlet />
      </main>
      <footer className="sgz-public-footer">济南市民政局 · 社会工作服务站管理系统</footer>
    </>
  );
}
